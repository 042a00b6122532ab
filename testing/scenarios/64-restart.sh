#!/bin/bash
# `ipsec restart` stops starter and charon, waits 2 s and starts them again:
# new processes, the old ones gone, the conns loaded and the auto=start
# conn up again. On an instance that is not running it just starts.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

netns_pair
cygnet_instance moon moon
cygnet_instance sun sun
starter_log moon
lc_secrets moon
lc_secrets sun
{ lc_header; lc_conn sun site "$MOON_NET" "$SUN_NET" add; } >"$CONF_sun/ipsec.conf"
{ lc_header; lc_conn moon site "$MOON_NET" "$SUN_NET" start; } >"$CONF_moon/ipsec.conf"
start_cygnet sun
start_cygnet moon
wait_up moon site
starter=$(pid_of moon starter.charon.pid)
charon=$(pid_of moon charon.pid)
spis=$(sa_spis moon site)

t0=$(now_ms)
cyg moon restart >"$TEST_TMP/restart" 2>&1 || { cat "$TEST_TMP/restart"; fail "ipsec restart failed"; }
elapsed=$(($(now_ms) - t0))
log "ipsec restart took $elapsed ms"
[ "$elapsed" -ge 2000 ] || fail "ipsec restart did not wait 2 s ($elapsed ms)"
[ "$elapsed" -lt 10000 ] || fail "ipsec restart took $elapsed ms"
assert_contains "$TEST_TMP/restart" "Stopping"
assert_contains "$TEST_TMP/restart" "Starting"
alive "$starter" && fail "the old starter still runs"
alive "$charon" && fail "the old charon still runs"
new_starter=$(pid_of moon starter.charon.pid)
new_charon=$(pid_of moon charon.pid)
alive "$new_starter" || fail "no starter after restart"
alive "$new_charon" || fail "no charon after restart"
[ "$new_starter" != "$starter" ] && [ "$new_charon" != "$charon" ] || fail "same processes after restart"
is_loaded moon site || fail "conn not loaded after restart"
wait_up moon site
[ "$(sa_spis moon site)" != "$spis" ] || fail "the SA survived a restart"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"

# restart of a stopped instance starts it
cyg moon stop >/dev/null 2>&1 || fail "ipsec stop failed"
cyg moon restart >"$TEST_TMP/restart2" 2>&1 || { cat "$TEST_TMP/restart2"; fail "ipsec restart of a stopped instance failed"; }
alive "$(pid_of moon starter.charon.pid)" || fail "restart did not start a stopped instance"
wait_up moon site
