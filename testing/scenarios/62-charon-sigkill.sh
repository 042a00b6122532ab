#!/bin/bash
# A charon killed with SIGKILL is started again by starter and has its
# conns loaded within 2 s (measured until `ipsec statusall` lists them);
# the auto=start conn comes up again. A second death soon after waits for
# the back-off, and starter logs both.
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
{
	lc_header
	lc_conn moon site "$MOON_NET" "$SUN_NET" start
	lc_conn moon other "$NET2_MOON" "$NET2_SUN" add
} >"$CONF_moon/ipsec.conf"
start_cygnet sun
start_cygnet moon
wait_up moon site
starter=$(pid_of moon starter.charon.pid)
old=$(pid_of moon charon.pid)
alive "$old" || fail "no charon running"

both_loaded() {
	local pid
	pid=$(pid_of moon charon.pid)
	[ -n "$pid" ] && [ "$pid" != "$1" ] && is_loaded moon site && is_loaded moon other
}

t0=$(now_ms)
kill -KILL "$old"
wait_for 5 both_loaded "$old" || fail "charon not back with its conns within 5 s"
elapsed=$(($(now_ms) - t0))
log "charon back with its conns after $elapsed ms"
[ "$elapsed" -lt 2000 ] || fail "charon took $elapsed ms to come back with its conns (limit 2000)"
alive "$starter" || fail "starter died with charon"
[ "$(pid_of moon starter.charon.pid)" = "$starter" ] || fail "starter's pid file changed"
assert_contains "$DIR_moon/starter.log" "charon has died -- killed by signal 9"
assert_contains "$DIR_moon/starter.log" "restarting charon$"
assert_contains "$DIR_moon/starter.log" "charon \([0-9]+\) is ready after [0-9]+ ms"
wait_up moon site
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"

# dying again right away: the back-off waits a second and says so
second=$(pid_of moon charon.pid)
t0=$(now_ms)
kill -KILL "$second"
wait_log moon "restarting charon in 1 s" 1
wait_for 5 both_loaded "$second" || fail "charon not back after the second kill"
elapsed=$(($(now_ms) - t0))
log "back after the second kill in $elapsed ms"
[ "$elapsed" -ge 1000 ] || fail "no back-off on the second death ($elapsed ms)"
[ "$(log_count moon 'charon has died')" = 2 ] || fail "starter did not log both deaths"
