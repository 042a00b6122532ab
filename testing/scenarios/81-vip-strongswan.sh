#!/bin/bash
# Virtual IPs against Debian's strongSwan 5.9.8 (kernel-libipsec): first
# cygnet (moon, leftsourceip=%config) takes an address from a strongSwan
# gateway's pool (sun, rightsourceip=), then strongSwan (moon,
# leftsourceip=%config) takes one from a cygnet gateway's pool. Each time
# the client pings the gateway's inner address from the virtual IP and the
# gateway's lease list shows it.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/strongswan_isolated.sh"
ss_iso_available || { echo "strongSwan not installed"; exit 77; }

CAROL=carol@example.org

client_conf() {
	cat <<CONF
conn site
	keyexchange=ikev2
	authby=secret
	left=$MOON_IP
	leftid=$CAROL
	leftsourceip=%config
	right=$SUN_IP
	rightsubnet=$SUN_NET
	auto=add
CONF
}

gateway_conf() {
	cat <<CONF
conn site
	keyexchange=ikev2
	authby=secret
	left=$SUN_IP
	leftsubnet=$SUN_NET
	right=%any
	rightid=$CAROL
	rightsourceip=$1
	auto=add
CONF
}

secrets() {
	printf '%s %s : PSK "%s"\n' "$CAROL" "$SUN_IP" "$TEST_PSK" >"$1"
	chmod 600 "$1"
}

netns_pair

log "cygnet client, strongSwan gateway"
cygnet_instance moon moon
client_conf >"$CONF_moon/ipsec.conf"
secrets "$CONF_moon/ipsec.secrets"
start_cygnet moon
SS_ISO_LOG=2 ss_iso_configure sun
gateway_conf 198.18.1.0/28 >"$SS_ISO_DIR_sun/etc/ipsec.conf"
secrets "$SS_ISO_DIR_sun/etc/ipsec.secrets"
ss_iso_start sun
cyg moon up site >"$TEST_TMP/up" 2>&1 ||
	{ cat "$TEST_TMP/up"; tail -30 "$SS_ISO_DIR_sun/charon.log"; fail "ipsec up failed"; }
vip=$(grep -oE 'installing new virtual IP [0-9.]+' "$DIR_moon/charon.log" | awk '{print $5}' | tail -1)
case $vip in 198.18.1.*) ;; *) fail "no virtual IP from strongSwan's pool (got '$vip')" ;; esac
ip -n "$MOON" route get "$SUN_INNER" >"$TEST_TMP/route.a"
assert_contains "$TEST_TMP/route.a" "src $vip"
wait_for 10 ip netns exec "$MOON" ping -c1 -W1 "$SUN_INNER" ||
	fail "no ping from cygnet's virtual IP $vip to $SUN_INNER"
ss_iso sun leases >"$TEST_TMP/ss.leases"
assert_contains "$TEST_TMP/ss.leases" "$vip +online +'$CAROL'"
cyg moon statusall >"$TEST_TMP/moon.status"
assert_contains "$TEST_TMP/moon.status" "site\{[0-9]+\}: +$vip/32 === 198\.51\.100\.64/26"
cyg moon down site >/dev/null 2>&1 || fail "ipsec down failed"
wait_for 5 bash -c "! ip -n $MOON -o addr show | grep -q 'inet $vip/'" ||
	fail "the virtual IP stayed on moon after down"
ss_iso_stop sun
cyg moon stop >/dev/null 2>&1 || true

log "strongSwan client, cygnet gateway"
cygnet_instance sun sun
gateway_conf "198.18.2.0/28,2001:db8:c::/124" >"$CONF_sun/ipsec.conf"
secrets "$CONF_sun/ipsec.secrets"
start_cygnet sun
SS_ISO_LOG=2 ss_iso_configure moon
client_conf >"$SS_ISO_DIR_moon/etc/ipsec.conf"
secrets "$SS_ISO_DIR_moon/etc/ipsec.secrets"
ss_iso_start moon
ss_iso moon up site >"$TEST_TMP/ss.up" 2>&1 ||
	{ cat "$TEST_TMP/ss.up"; tail -30 "$DIR_sun/charon.log"; fail "strongSwan's up failed"; }
assert_contains "$TEST_TMP/ss.up" "installing new virtual IP 198\.18\.2\.1"
wait_for 10 ip netns exec "$MOON" ping -c1 -W1 "$SUN_INNER" ||
	fail "no ping from strongSwan's virtual IP to $SUN_INNER"
ping_through "$SUN" "$SUN_INNER" 198.18.2.1
cyg sun leases >"$TEST_TMP/leases"
assert_contains "$TEST_TMP/leases" "^Leases in pool '198\.18\.2\.0/28', usage: 1/14, 1 online"
assert_contains "$TEST_TMP/leases" "198\.18\.2\.1 +online +'$CAROL'"
assert_contains "$TEST_TMP/leases" "^Leases in pool '2001:db8:c::/124', usage: 0/14, 0 online"
cyg sun statusall >"$TEST_TMP/sun.status"
assert_contains "$TEST_TMP/sun.status" "198\.51\.100\.64/26 === 198\.18\.2\.1/32"
ss_iso moon down site >/dev/null 2>&1 || fail "strongSwan's down failed"
wait_for 5 bash -c "ip netns exec $SUN env IPSEC_CONFDIR=$CONF_sun IPSEC_PIDDIR=$PID_sun $IPSEC leases | grep -qE '198\.18\.2\.1 +offline'" ||
	fail "lease not offline after strongSwan's down"
