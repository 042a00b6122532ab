#!/bin/bash
# A syntax error in cygnet.conf is reported with file:line:column and
# charon refuses to start on it.
. "$(dirname "$0")/../lib/common.sh"
instance host
cat >"$IPSEC_CONFDIR/cygnet.conf" <<'CONF'
charon {
	load = random nonce
	}
}
CONF
status=0
timeout 10 "$CHARON" >"$TEST_TMP/out" 2>&1 || status=$?
[ "$status" = 1 ] || fail "exit $status, expected 1"
assert_contains "$TEST_TMP/out" "cygnet.conf:4:1: syntax error"
[ ! -e "$IPSEC_PIDDIR/charon.pid" ] || fail "pid file written despite the error"
