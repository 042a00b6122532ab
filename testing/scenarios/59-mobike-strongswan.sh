#!/bin/bash
# MOBIKE (RFC 4555) cygnet (moon) ↔ Debian's strongSwan 5.9.8 (sun,
# kernel-libipsec): with the tunnel up and a ping loop
# running from moon's inner address, moon's outer address moves from
# 192.0.2.1 to 192.0.2.11. moon notices within a second, sends
# UPDATE_SA_ADDRESSES from the new address, strongSwan moves its SAs, and
# the pings pass again.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/strongswan_isolated.sh"
ss_iso_available || { echo "strongSwan not installed"; exit 77; }

NEW_IP=192.0.2.11

netns_pair
cygnet_instance moon moon
configure_cygnet moon
SS_ISO_LOG=2 ss_iso_start sun
start_cygnet moon
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"

ping_loop_start
sleep 1

# the new address first, then the old one goes; the new one must survive
# the removal of the primary address of its subnet
dev=$(ip -n "$MOON" -o addr show to "$MOON_IP" | awk '{print $2}')
ip netns exec "$MOON" sysctl -qw net.ipv4.conf.all.promote_secondaries=1
ip -n "$MOON" addr add "$NEW_IP/24" dev "$dev"
ip -n "$MOON" addr del "$MOON_IP/24" dev "$dev"
echo CHANGE >>"$PINGS"

wait_for 10 bash -c "ip netns exec $MOON env IPSEC_CONFDIR=$CONF_moon IPSEC_PIDDIR=$PID_moon $IPSEC statusall | grep -q '$NEW_IP'" ||
	fail "moon's statusall does not show $NEW_IP"
sun_moved() { ss_iso sun statusall | grep -q "$NEW_IP"; }
wait_for 10 sun_moved || { ss_iso sun statusall; tail -20 "$SS_ISO_DIR_sun/charon.log"; fail "strongSwan's statusall does not show $NEW_IP"; }
sleep 3
ping_loop_stop
ok=$(sed -n '/CHANGE/,$p' "$PINGS" | grep -c '^ok$' || true)
log "$ok pings passed after the address change ($(grep -c '^lost$' "$PINGS" || true) lost in all)"
[ "$ok" -ge 5 ] || { cat "$PINGS"; fail "pings did not pass after the address change"; }

cyg moon statusall >"$TEST_TMP/moon.status"
ss_iso sun statusall >"$TEST_TMP/sun.status"
assert_established "$TEST_TMP/moon.status"
assert_contains "$TEST_TMP/sun.status" "site\{[0-9]+\}: +INSTALLED, TUNNEL"
assert_contains "$SS_ISO_DIR_sun/charon.log" "parsed INFORMATIONAL request [0-9]+ \[ N\(UPD_SA_ADDR\)"
assert_contains "$DIR_moon/charon.log" "is gone, moving IKE_SA"
assert_contains "$TEST_TMP/moon.status" "site\[[0-9]+\]: ESTABLISHED.*, 192\.0\.2\.11\[.*\.\.\.192\.0\.2\.2\["
assert_contains "$TEST_TMP/sun.status" "site\[[0-9]+\]: ESTABLISHED.*\.\.\.192\.0\.2\.11\["
