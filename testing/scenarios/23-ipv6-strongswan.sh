#!/bin/bash
# cygnet (moon) ↔ Debian's strongSwan 5.9.8 (sun, kernel-libipsec) over
# IPv6: IKE and ESP-in-UDP between 2001:db8:1::1 and 2001:db8:1::2
# protecting IPv6 subnets; cygnet initiates, then strongSwan does, and a
# ping passes both ways each time.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/strongswan_isolated.sh"
ss_iso_available || { echo "strongSwan not installed"; exit 77; }

netns_pair
netns_ipv6
MOON_IP=$V6_MOON_IP SUN_IP=$V6_SUN_IP MOON_NET=$V6_MOON_NET SUN_NET=$V6_SUN_NET
MOON_INNER=$V6_MOON_INNER SUN_INNER=$V6_SUN_INNER

cygnet_instance moon moon
configure_cygnet moon
start_cygnet moon
SS_ISO_LOG=2 ss_iso_start sun

check() {
	ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
	ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_contains "$TEST_TMP/moon.status" "site\[[0-9]+\]: ESTABLISHED.*$MOON_IP.*$SUN_IP"
	assert_contains "$TEST_TMP/moon.status" "$MOON_NET === $SUN_NET"
	ss_iso sun statusall >"$TEST_TMP/sun.status"
	assert_contains "$TEST_TMP/sun.status" "site\{[0-9]+\}: +INSTALLED, TUNNEL"
	assert_contains "$TEST_TMP/sun.status" "$SUN_NET === $MOON_NET"
}

log "cygnet initiates"
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; tail -30 "$SS_ISO_DIR_sun/charon.log"; fail "ipsec up failed"; }
check
cyg moon down site >/dev/null 2>&1 || fail "ipsec down failed"
ss_no_sa() { ! ss_iso sun status | grep -q ESTABLISHED; }
wait_for 5 ss_no_sa || fail "strongSwan kept the SA after cygnet's down"

log "strongSwan initiates"
ss_iso sun up site >"$TEST_TMP/ss.up" 2>&1
assert_contains "$TEST_TMP/ss.up" "established successfully"
check
