#!/bin/bash
# cygnet ↔ cygnet with lifebytes=24000 marginbytes=8000: the data plane's
# soft byte limit makes the CHILD_SA rekey (on both ends at once, so the
# rekeyings usually collide), while pings of 1000 bytes every 0.2 s lose
# at most one packet. No time limit is near.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/rekey.sh"

BYTES_CONN=(lifebytes=24000 marginbytes=8000 rekeyfuzz=0%)
netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" "${BYTES_CONN[@]}"
cygnet_instance sun sun
configure_cygnet sun "$TEST_PSK" "${BYTES_CONN[@]}"
start_cygnet moon
start_cygnet sun

cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up site failed"; }
cyg moon statusall >"$TEST_TMP/before"
assert_established "$TEST_TMP/before"

# 40 echo requests and replies of ~1 kB: 16 kB each way reach the soft limit twice
ip netns exec "$MOON" ping -n -i 0.2 -W 1 -c 40 -s 1000 -I "$MOON_INNER" "$SUN_INNER" \
	>"$TEST_TMP/ping" 2>&1 || true

cyg moon statusall >"$TEST_TMP/after"
cyg sun statusall >"$TEST_TMP/sun.after"
assert_established "$TEST_TMP/after"
assert_established "$TEST_TMP/sun.after"
[ "$(child_spis "$TEST_TMP/before")" != "$(child_spis "$TEST_TMP/after")" ] ||
	fail "CHILD_SA SPIs unchanged: $(child_spis "$TEST_TMP/after")"
[ "$(ike_spis "$TEST_TMP/before")" = "$(ike_spis "$TEST_TMP/after")" ] ||
	fail "the IKE_SA changed, only the CHILD_SA should rekey"
cat "$DIR_moon/charon.log" "$DIR_sun/charon.log" >"$TEST_TMP/both.log"
assert_contains "$TEST_TMP/both.log" "soft lifetime of CHILD_SA site\{[0-9]+\} reached, rekeying it"
[ "$(grep -cE 'CHILD_SA site\{[0-9]+\} established' "$DIR_moon/charon.log")" -ge 3 ] ||
	fail "the CHILD_SA was not rekeyed twice"
assert_not_contains "$TEST_TMP/both.log" "hard lifetime of CHILD_SA"
[ "$(grep -cE 'site\{[0-9]+\}: +INSTALLED' "$TEST_TMP/after")" -eq 1 ] ||
	fail "not exactly one CHILD_SA after rekeying: $(cat "$TEST_TMP/after")"
lost=$(lost_packets "$TEST_TMP/ping")
tail -3 "$TEST_TMP/ping"
[ "$lost" -le 1 ] || fail "$lost packets lost while rekeying"
