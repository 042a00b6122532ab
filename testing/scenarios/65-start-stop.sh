#!/bin/bash
# `ipsec start` daemonises (starter in a session of its own, charon its
# child) and refuses a second start; `ipsec stop` closes the SA (the peer
# hears of it), leaves no starter or charon process and no pid file,
# control socket or cache, and charon exits cleanly. Stopping again is
# harmless.
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

cyg moon start >"$TEST_TMP/start" 2>&1 || { cat "$TEST_TMP/start"; fail "ipsec start failed"; }
on_exit "cyg moon stop"
starter=$(pid_of moon starter.charon.pid)
charon=$(pid_of moon charon.pid)
alive "$starter" || fail "no starter after ipsec start"
alive "$charon" || fail "no charon after ipsec start"
# daemonised: a session leader, not a child of the shell that ran ipsec
[ "$(ps -o sid= -p "$starter" | tr -d ' ')" = "$starter" ] || fail "starter is not in a session of its own"
[ "$(ps -o ppid= -p "$charon" | tr -d ' ')" = "$starter" ] || fail "charon is not starter's child"
is_loaded moon site || fail "conn not loaded when ipsec start returned"
wait_up moon site
wait_up sun site

status=0
cyg moon start >"$TEST_TMP/start2" 2>&1 || status=$?
[ "$status" != 0 ] || fail "a second ipsec start succeeded"
assert_contains "$TEST_TMP/start2" "already running"
[ "$(pid_of moon starter.charon.pid)" = "$starter" ] || fail "the second start replaced the pid file"

cyg moon stop >"$TEST_TMP/stop" 2>&1 || { cat "$TEST_TMP/stop"; fail "ipsec stop failed"; }
alive "$starter" && fail "starter still runs after stop"
alive "$charon" && fail "charon still runs after stop"
left=$(ls -A "$PID_moon")
[ -z "$left" ] || fail "left in the run directory: $left"
assert_contains "$DIR_moon/starter.log" "charon stopped, exited with status 0"
assert_contains "$DIR_moon/starter.log" "starter stopped"
wait_for 5 not has_sa sun site || fail "sun still has the SA after moon stopped"

status=0
cyg moon stop >"$TEST_TMP/stop2" 2>&1 || status=$?
[ "$status" = 0 ] || fail "ipsec stop of a stopped instance exited $status"
assert_contains "$TEST_TMP/stop2" "not running"
