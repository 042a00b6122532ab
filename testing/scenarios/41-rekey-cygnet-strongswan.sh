#!/bin/bash
# cygnet (moon) ↔ strongSwan 5.9.8 (sun) with ikelifetime=20s lifetime=10s
# margintime=3s rekeyfuzz=0% on both ends: within ~25 s the CHILD_SA and
# the IKE_SA rekey (new SPIs on both ends), whoever starts it, while a
# ping every 0.2 s through the tunnel loses at most one packet.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/rekey.sh"
command -v ipsec >/dev/null && [ -x /usr/lib/ipsec/charon ] || { echo "strongSwan not installed"; exit 77; }

netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" "${REKEY_CONN[@]}"
configure_strongswan sun "$TEST_PSK" "${REKEY_CONN[@]}"
start_strongswan "$SUN"
start_cygnet moon

cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; tail -30 "$TEST_TMP/strongswan.log"; fail "ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
cyg moon statusall >"$TEST_TMP/before"
in_ns "$SUN" ipsec statusall >"$TEST_TMP/sun.before"
assert_established "$TEST_TMP/before"

ping_background "$MOON" "$MOON_INNER" "$SUN_INNER" 25 "$TEST_TMP/ping"
wait "$PING_PID" || true

cyg moon statusall >"$TEST_TMP/after"
in_ns "$SUN" ipsec statusall >"$TEST_TMP/sun.after"
assert_established "$TEST_TMP/after"
assert_contains "$TEST_TMP/sun.after" "site\[[0-9]+\]: ESTABLISHED"
assert_contains "$TEST_TMP/sun.after" "site\{[0-9]+\}: +INSTALLED"
assert_rekeyed "$TEST_TMP/before" "$TEST_TMP/after"
assert_rekeyed "$TEST_TMP/sun.before" "$TEST_TMP/sun.after"
[ "$(grep -cE 'site\[[0-9]+\]: ESTABLISHED' "$TEST_TMP/after")" -eq 1 ] ||
	fail "not exactly one IKE_SA after rekeying: $(cat "$TEST_TMP/after")"
[ "$(grep -cE 'site\{[0-9]+\}: +INSTALLED' "$TEST_TMP/after")" -eq 1 ] ||
	fail "not exactly one CHILD_SA after rekeying: $(cat "$TEST_TMP/after")"
[ "$(grep -cE 'CHILD_SA site\{[0-9]+\} established' "$DIR_moon/charon.log")" -ge 3 ] ||
	fail "the CHILD_SA was not rekeyed twice"
assert_contains "$DIR_moon/charon.log" "IKE_SA site\[[0-9]+\] rekeyed, continued by IKE_SA site\[[0-9]+\]"
lost=$(lost_packets "$TEST_TMP/ping")
tail -3 "$TEST_TMP/ping"
[ "$lost" -le 1 ] || fail "$lost packets lost while rekeying"
