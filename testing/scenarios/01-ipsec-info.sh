#!/bin/bash
# ipsec's info commands answer as ipsec(8) documents, and honour the
# IPSEC_CONFDIR/IPSEC_PIDDIR environment.
. "$(dirname "$0")/../lib/common.sh"

"$IPSEC" --version >"$TEST_TMP/version"
assert_contains "$TEST_TMP/version" '^Linux cygnet U[0-9]+\.[0-9]+\.[0-9]+/K'
"$IPSEC" --versioncode | grep -qE '^U[0-9.]+/K' || fail "--versioncode"
[ "$("$IPSEC" --directory)" = "$PREFIX/libexec/ipsec" ] || fail "--directory: $("$IPSEC" --directory)"
[ "$(IPSEC_CONFDIR=/tmp/x "$IPSEC" --confdir)" = /tmp/x ] || fail "--confdir ignores IPSEC_CONFDIR"
[ "$(IPSEC_PIDDIR=/tmp/y "$IPSEC" --piddir)" = /tmp/y ] || fail "--piddir ignores IPSEC_PIDDIR"
[ "$(env -u IPSEC_CONFDIR "$IPSEC" --confdir)" = "$PREFIX/etc" ] || fail "default confdir"
"$IPSEC" --copyright | grep -q "GNU General Public License" || fail "--copyright"
"$IPSEC" --help | grep -q listplugins || fail "--help does not list commands"

status=0
"$IPSEC" no-such-command 2>"$TEST_TMP/err" || status=$?
[ "$status" != 0 ] || fail "an unknown command must fail"
assert_contains "$TEST_TMP/err" "unknown command 'no-such-command'"
