#!/bin/bash
# An ipsec.conf that does not parse changes nothing on `ipsec update`: the
# SA keeps its SPIs, every conn stays loaded (also one the broken file
# drops), and the error names file:line:col in starter's log file and, with
# --nofork, on its stderr. Fixed, the same update applies. A broken file at
# `ipsec start` keeps starter from starting, saying where.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

netns_pair
lc_addresses
cygnet_instance moon moon
cygnet_instance sun sun
starter_log moon
lc_secrets moon
lc_secrets sun
{
	lc_header
	lc_conn sun site "$MOON_NET" "$SUN_NET" add
	lc_conn sun other "$NET2_MOON" "$NET2_SUN" add
} >"$CONF_sun/ipsec.conf"
good() {
	lc_header
	lc_conn moon site "$MOON_NET" "$SUN_NET" start
	[ "${1:-}" = drop ] || lc_conn moon other "$NET2_MOON" "$NET2_SUN" add
}
good >"$CONF_moon/ipsec.conf"
start_cygnet sun

# moon's starter in the foreground, its stderr kept
cyg moon start --nofork >"$DIR_moon/nofork.out" 2>"$DIR_moon/nofork.err" &
nofork=$!
on_exit "cyg moon stop; wait $nofork"
wait_up moon site
is_loaded moon other || fail "conn 'other' not loaded"
spis=$(sa_spis moon site)
cp "$PID_moon/starter.conf.cache" "$TEST_TMP/cache.before"

# drop 'other' and misspell a keyword (column 2 of its line)
good drop >"$CONF_moon/ipsec.conf"
line=$(grep -n "^	leftsubnet=" "$CONF_moon/ipsec.conf" | head -1 | cut -d: -f1)
typo() { sed -i "${line}s/^\tleftsubnet=/\tleftsubnett=/" "$CONF_moon/ipsec.conf"; }
typo
grep -q leftsubnett "$CONF_moon/ipsec.conf" || fail "test setup: no typo made"
err_re="$CONF_moon/ipsec.conf:$line:2: unknown keyword 'leftsubnett'.*did you mean 'leftsubnet'"
status=0
cyg moon update >"$TEST_TMP/update" 2>&1 || status=$?
# the front end checks the file first: it must fail and say where
[ "$status" != 0 ] || fail "ipsec update of a broken ipsec.conf exited 0"
assert_contains "$TEST_TMP/update" "$err_re"
wait_log moon "$err_re" 1
assert_contains "$DIR_moon/starter.log" "ipsec.conf has 1 errors, keeping the running configuration"
wait_for 5 grep -qE -- "$err_re" "$DIR_moon/nofork.err" || {
	cat "$DIR_moon/nofork.err" >&2; fail "error not on starter's stderr"
}

# nothing changed: same SA, same SPIs, same conns, same cached config
sleep 0.5
[ "$(sa_spis moon site)" = "$spis" ] || fail "SPIs changed: $(sa_spis moon site) != $spis"
is_up moon site || fail "SA of 'site' went down"
is_loaded moon other || fail "conn 'other' was removed by a broken file"
cmp -s "$TEST_TMP/cache.before" "$PID_moon/starter.conf.cache" || fail "starter's loaded config changed"
assert_not_contains "$DIR_moon/starter.log" "del_conn"

# the same change, now without the typo, is applied
good drop >"$CONF_moon/ipsec.conf"
cyg moon update >/dev/null 2>&1 || fail "second ipsec update failed"
wait_log moon "update: 0 added, 1 removed, 0 changed, 1 unchanged" 1
wait_for 5 not is_loaded moon other || fail "conn 'other' not removed by the fixed file"
[ "$(sa_spis moon site)" = "$spis" ] || fail "SPIs of 'site' changed on the fixed update"

# a broken file at start: starter does not start and says where
cyg moon stop >/dev/null 2>&1
wait "$nofork" || fail "ipsec start --nofork exited with $? after stop"
typo
status=0
cyg moon start >"$TEST_TMP/start.out" 2>&1 || status=$?
[ "$status" != 0 ] || fail "ipsec start succeeded with a broken ipsec.conf"
assert_contains "$TEST_TMP/start.out" "$err_re"
[ -z "$(pid_of moon starter.charon.pid)" ] || fail "pid file left by a starter that did not start"
