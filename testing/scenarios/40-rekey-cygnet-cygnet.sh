#!/bin/bash
# cygnet ↔ cygnet with ikelifetime=20s lifetime=10s margintime=3s
# rekeyfuzz=0%: within ~25 s the CHILD_SA rekeys (several times) and the
# IKE_SA once, with new SPIs, while a ping every 0.2 s through the tunnel
# loses at most one packet. Equal lifetimes on both ends make the rekeyings
# collide now and then; either way one IKE_SA and one CHILD_SA remain.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/rekey.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" "${REKEY_CONN[@]}"
cygnet_instance sun sun
configure_cygnet sun "$TEST_PSK" "${REKEY_CONN[@]}"
start_cygnet moon
start_cygnet sun

cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up site failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
cyg moon statusall >"$TEST_TMP/before"
assert_established "$TEST_TMP/before"
assert_contains "$TEST_TMP/before" "rekeying in [0-9]+ seconds"

ping_background "$MOON" "$MOON_INNER" "$SUN_INNER" 25 "$TEST_TMP/ping"
wait "$PING_PID" || true

cyg moon statusall >"$TEST_TMP/after"
cyg sun statusall >"$TEST_TMP/sun.after"
assert_established "$TEST_TMP/after"
assert_established "$TEST_TMP/sun.after"
assert_rekeyed "$TEST_TMP/before" "$TEST_TMP/after"
for role in moon sun; do
	log=$(eval echo "\$DIR_$role")/charon.log
	status=$TEST_TMP/after
	[ $role = moon ] || status=$TEST_TMP/sun.after
	# three or more CHILD_SAs came and went on each end
	[ "$(grep -cE 'CHILD_SA site\{[0-9]+\} established' "$log")" -ge 3 ] ||
		fail "$role: the CHILD_SA was not rekeyed twice"
	assert_contains "$log" "IKE_SA site\[[0-9]+\] rekeyed, continued by IKE_SA site\[[0-9]+\]"
	[ "$(grep -cE 'site\[[0-9]+\]: ESTABLISHED' "$status")" -eq 1 ] ||
		fail "$role: not exactly one IKE_SA after rekeying"
done
cat "$DIR_moon/charon.log" "$DIR_sun/charon.log" >"$TEST_TMP/both.log"
assert_contains "$TEST_TMP/both.log" "rekeying CHILD_SA site\{[0-9]+\} with SPIs"
assert_contains "$TEST_TMP/both.log" "rekeying IKE_SA site\[[0-9]+\]"
[ "$(grep -cE 'site\{[0-9]+\}: +INSTALLED' "$TEST_TMP/after")" -eq 1 ] ||
	fail "moon: not exactly one CHILD_SA after rekeying: $(cat "$TEST_TMP/after")"
lost=$(lost_packets "$TEST_TMP/ping")
cat "$TEST_TMP/ping" | tail -3
[ "$lost" -le 1 ] || fail "$lost packets lost while rekeying"
