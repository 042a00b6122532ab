#!/bin/bash
# closeaction: what moon does when sun deletes the SAs. restart: an IKE_SA
# sun deletes is negotiated again at once, and a CHILD_SA sun deletes is
# created again in the same IKE_SA. hold: the trap is installed instead, and
# the next packet brings the tunnel back. A delete of ours triggers nothing.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/traps.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" closeaction=restart
cygnet_instance sun sun
configure_cygnet sun
start_cygnet sun
start_cygnet moon

# ike_ids ROLE / child_ids ROLE: unique ids of site's SAs.
ike_ids() { status "$1" | grep -oE 'site\[[0-9]+\]: ESTABLISHED' | grep -oE '[0-9]+' | tr '\n' ' '; }
child_ids() { status "$1" | grep -oE 'site\{[0-9]+\}: +INSTALLED' | grep -oE '\{[0-9]+' | tr -d '{' | tr '\n' ' '; }

cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up failed"; }
first=$(ike_ids moon)

log "closeaction=restart: sun deletes the IKE_SA"
cyg sun down site >/dev/null 2>&1 || fail "ipsec down on sun failed"
wait_for 10 grep -q "closeaction=restart for CHILD_SA site" "$DIR_moon/charon.log" ||
	fail "moon applied no closeaction"
wait_for 10 established moon || { status moon; fail "moon did not restart the IKE_SA"; }
[ "$(ike_ids moon)" != "$first" ] || fail "still the old IKE_SA"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"

log "closeaction=restart: sun deletes only the CHILD_SA"
ike=$(ike_ids moon)
sun_child=$(child_ids sun)
cyg sun down "site{${sun_child// /}}" >/dev/null 2>&1 || fail "ipsec down of the CHILD_SA on sun failed"
wait_for 10 bash -c "[ \"\$(grep -c 'closeaction=restart for CHILD_SA site' $DIR_moon/charon.log)\" -ge 2 ]" ||
	fail "moon applied no closeaction to the CHILD_SA"
wait_for 10 established moon || { status moon; fail "moon did not create the CHILD_SA again"; }
[ "$(ike_ids moon)" = "$ike" ] || fail "the IKE_SA changed for a CHILD_SA closeaction"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"

log "our own delete restarts nothing"
cyg moon down site >/dev/null 2>&1 || fail "ipsec down on moon failed"
sleep 2
no_sa moon || { status moon; fail "moon restarted after its own down"; }

log "closeaction=hold: sun's delete leaves the trap"
set_conn moon closeaction=hold
cyg moon update >/dev/null 2>&1 || fail "ipsec update failed"
wait_for 10 bash -c "[ \$(grep -c \"added configuration 'site'\" $DIR_moon/charon.log) -ge 2 ]" ||
	fail "conn not reloaded"
cyg moon up site >"$TEST_TMP/up2" 2>&1 || { cat "$TEST_TMP/up2"; fail "second ipsec up failed"; }
cyg sun down site >/dev/null 2>&1 || fail "ipsec down on sun failed"
wait_for 10 no_sa moon || fail "moon kept the SA sun deleted"
wait_for 5 routed moon || { status moon; fail "closeaction=hold installed no trap"; }
ping_once "$MOON" "$MOON_INNER" "$SUN_INNER" || log "(first packet lost)"
wait_for 10 established moon || { status moon; fail "no tunnel through the trap"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
