#!/bin/bash
# Virtual IPs of both families over IPv4 IKE: sun assigns from an IPv4 and
# an IPv6 pool (rightsourceip=198.18.0.0/28,2001:db8:c::/124), moon asks
# for both (leftsourceip=%config4,%config6). Both addresses land on moon's
# TUN device, the routes to sun's subnets use them as source, pings of
# both families pass, and a pool-less request fails cleanly: an IPv6-only
# client of a gateway with an IPv4 pool gets INTERNAL_ADDRESS_FAILURE and
# no CHILD_SA.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

CAROL=carol@example.org
DAVE=dave@example.org

netns_pair
netns_ipv6
cygnet_instance moon moon
cat >"$CONF_moon/ipsec.conf" <<CONF
conn %default
	authby=secret
	left=$MOON_IP
	right=$SUN_IP

conn site
	leftid=$CAROL
	leftsourceip=%config4,%config6
	rightsubnet=$SUN_NET,$V6_SUN_NET
	auto=add

conn v6only
	leftid=$DAVE
	leftsourceip=%config6
	rightsubnet=$V6_SUN_NET
	auto=add
CONF
cygnet_instance sun sun
cat >"$CONF_sun/ipsec.conf" <<CONF
conn %default
	authby=secret
	left=$SUN_IP
	right=%any

conn site
	leftsubnet=$SUN_NET,$V6_SUN_NET
	rightid=$CAROL
	rightsourceip=198.18.0.0/28,2001:db8:c::/124
	auto=add

conn v6only
	leftsubnet=$V6_SUN_NET
	rightid=$DAVE
	rightsourceip=198.18.0.64/28
	auto=add
CONF
for r in moon sun; do
	conf=$(eval echo "\$CONF_$r")
	{
		printf '%s %s : PSK "%s"\n' "$CAROL" "$SUN_IP" "$TEST_PSK"
		printf '%s %s : PSK "%s"\n' "$DAVE" "$SUN_IP" "$TEST_PSK"
	} >"$conf/ipsec.secrets"
	chmod 600 "$conf/ipsec.secrets"
done
start_cygnet sun
start_cygnet moon

log "one address of each family"
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up site failed"; }
ip -n "$MOON" -o addr show >"$TEST_TMP/moon.addr"
assert_contains "$TEST_TMP/moon.addr" "inet 198\.18\.0\.1/32"
assert_contains "$TEST_TMP/moon.addr" "inet6 2001:db8:c::1/128"
ip -n "$MOON" -6 route get "$V6_SUN_INNER" >"$TEST_TMP/route6"
assert_contains "$TEST_TMP/route6" "src 2001:db8:c::1"
wait_for 10 ip netns exec "$MOON" ping -c1 -W1 "$SUN_INNER" || fail "no IPv4 ping from the VIP"
wait_for 10 ip netns exec "$MOON" ping -6 -c1 -W1 "$V6_SUN_INNER" || fail "no IPv6 ping from the VIP"
cyg moon statusall >"$TEST_TMP/moon.status"
assert_contains "$TEST_TMP/moon.status" "site\{[0-9]+\}: +198\.18\.0\.1/32 2001:db8:c::1/128 === 198\.51\.100\.64/26 2001:db8:b::/64"
cyg sun leases >"$TEST_TMP/leases"
assert_contains "$TEST_TMP/leases" "^Leases in pool '2001:db8:c::/124', usage: 1/14, 1 online"
assert_contains "$TEST_TMP/leases" "^ +2001:db8:c::1   online   '$CAROL'"

log "no pool of the requested family: INTERNAL_ADDRESS_FAILURE, no CHILD_SA"
if cyg moon up v6only >"$TEST_TMP/up.v6only" 2>&1; then
	fail "up v6only succeeded without an IPv6 pool"
fi
assert_contains "$DIR_sun/charon.log" "no virtual IP found, sending INTERNAL_ADDRESS_FAILURE"
cyg moon statusall >"$TEST_TMP/moon.status2"
assert_not_contains "$TEST_TMP/moon.status2" "v6only\{[0-9]+\}: +INSTALLED"
cyg sun leases 198.18.0.64/28 >"$TEST_TMP/leases.v6only"
assert_contains "$TEST_TMP/leases.v6only" "usage: 0/14, 0 online"
# the working SA is untouched
wait_for 10 ip netns exec "$MOON" ping -6 -c1 -W1 "$V6_SUN_INNER" || fail "IPv6 ping broke"
