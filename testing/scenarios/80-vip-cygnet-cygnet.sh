#!/bin/bash
# Virtual IPs, cygnet ↔ cygnet: sun is a gateway with a pool
# (rightsourceip=) and its subnet, moon a road warrior with
# leftsourceip=%config and no leftsubnet. moon gets an address from the
# pool in a CFG_REPLY, it sits on the TUN device and is the source of
# traffic to sun's subnet; the lease shows in `ipsec leases` and statusall,
# goes offline on down, comes back for the same identity (also when a
# restarted client's IKE_SA replaces its old one, uniqueids=yes), and
# `ipsec down-srcip` closes the SA. The updown script sees the VIPs.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

POOL=198.18.0.0/28
VIP=198.18.0.1
CAROL=carol@example.org

netns_pair
cygnet_instance moon moon
script="$TEST_TMP/updown.sh"
out="$TEST_TMP/updown.env"
cat >"$script" <<SCRIPT
#!/bin/sh
env | grep SOURCEIP | sed "s/^/\$PLUTO_VERB /" >>"$out"
SCRIPT
chmod 755 "$script"
cat >"$CONF_moon/ipsec.conf" <<CONF
conn site
	keyexchange=ikev2
	authby=secret
	left=$MOON_IP
	leftid=$CAROL
	leftsourceip=%config
	leftupdown=$script
	right=$SUN_IP
	rightsubnet=$SUN_NET
	auto=add
CONF
cygnet_instance sun sun
cat >"$CONF_sun/ipsec.conf" <<CONF
conn site
	keyexchange=ikev2
	authby=secret
	left=$SUN_IP
	leftsubnet=$SUN_NET
	right=%any
	rightid=$CAROL
	rightsourceip=$POOL
	rightdns=198.51.100.70
	auto=add
CONF
for r in moon sun; do
	conf=$(eval echo "\$CONF_$r")
	printf '%s %s : PSK "%s"\n' "$CAROL" "$SUN_IP" "$TEST_PSK" >"$conf/ipsec.secrets"
	chmod 600 "$conf/ipsec.secrets"
done
start_cygnet sun
start_cygnet moon

log "no leases before the first client"
cyg sun leases >"$TEST_TMP/leases.0"
assert_contains "$TEST_TMP/leases.0" "^Leases in pool '$POOL', usage: 0/14, 0 online"

log "moon gets a virtual IP"
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up site failed"; }
assert_contains "$TEST_TMP/up" "established successfully"
assert_contains "$DIR_moon/charon.log" "installing new virtual IP $VIP"
ip -n "$MOON" -o addr show >"$TEST_TMP/moon.addr"
assert_contains "$TEST_TMP/moon.addr" "inet $VIP/32"
ip -n "$MOON" route get "$SUN_INNER" >"$TEST_TMP/moon.route"
assert_contains "$TEST_TMP/moon.route" "src $VIP"
# no -I: the route's source must be the VIP, nothing else matches the policy
wait_for 10 ip netns exec "$MOON" ping -c1 -W1 "$SUN_INNER" ||
	fail "no ping from the virtual IP to $SUN_INNER"
ping_through "$SUN" "$SUN_INNER" "$VIP"

cyg moon statusall >"$TEST_TMP/moon.status"
cyg sun statusall >"$TEST_TMP/sun.status"
assert_contains "$TEST_TMP/moon.status" "site\{[0-9]+\}: +$VIP/32 === 198\.51\.100\.64/26"
assert_contains "$TEST_TMP/sun.status" "site\{[0-9]+\}: +198\.51\.100\.64/26 === $VIP/32"
assert_contains "$TEST_TMP/sun.status" "^Virtual IP pools \(size/online/offline\):"
assert_contains "$TEST_TMP/sun.status" "^  $POOL: 14/1/0"
cyg sun leases >"$TEST_TMP/leases.1"
assert_contains "$TEST_TMP/leases.1" "^Leases in pool '$POOL', usage: 1/14, 1 online"
assert_contains "$TEST_TMP/leases.1" "^ +$VIP   online   '$CAROL'"
cyg sun leases "$POOL" "$VIP" >"$TEST_TMP/leases.addr"
assert_contains "$TEST_TMP/leases.addr" "$VIP +online"
cyg sun leases "$POOL" 198.18.0.9 >"$TEST_TMP/leases.none"
assert_contains "$TEST_TMP/leases.none" "no matching leases found"
wait_for 5 grep -q "^up-client PLUTO_MY_SOURCEIP=$VIP" "$out" ||
	{ cat "$out" >&2; fail "updown did not get PLUTO_MY_SOURCEIP"; }
grep -q "PLUTO_MY_SOURCEIP4_1=$VIP" "$out" || fail "updown did not get PLUTO_MY_SOURCEIP4_1"

log "down: the lease goes offline, the address leaves moon"
cyg moon down site >"$TEST_TMP/down" 2>&1 || fail "ipsec down site failed"
wait_for 5 bash -c "ip netns exec $SUN env IPSEC_CONFDIR=$CONF_sun IPSEC_PIDDIR=$PID_sun $IPSEC leases | grep -qE '$VIP +offline'" ||
	fail "lease not offline after down"
ip -n "$MOON" -o addr show >"$TEST_TMP/moon.addr.down"
assert_not_contains "$TEST_TMP/moon.addr.down" "inet $VIP/"
cyg sun statusall >"$TEST_TMP/sun.status.down"
assert_contains "$TEST_TMP/sun.status.down" "^  $POOL: 14/0/1"

log "the same identity gets the same address back"
cyg moon up site >"$TEST_TMP/up2" 2>&1 || { cat "$TEST_TMP/up2"; fail "second ipsec up failed"; }
ip -n "$MOON" -o addr show >"$TEST_TMP/moon.addr2"
assert_contains "$TEST_TMP/moon.addr2" "inet $VIP/32"
wait_for 10 ip netns exec "$MOON" ping -c1 -W1 "$SUN_INNER" || fail "no ping after the second up"
cyg sun leases >"$TEST_TMP/leases.2"
assert_contains "$TEST_TMP/leases.2" "usage: 1/14, 1 online"

log "uniqueids: the restarted client's new IKE_SA replaces the old one and keeps the address"
old=$(cat "$PID_moon/charon.pid")
kill -KILL "$old"
moon_back() {
	local pid
	pid=$(cat "$PID_moon/charon.pid" 2>/dev/null) || return 1
	[ -n "$pid" ] && [ "$pid" != "$old" ] &&
		cyg moon statusall 2>/dev/null | grep -qE "^ *site: +[0-9.]+\.\.\.[0-9.]+ +IKEv2"
}
wait_for 10 moon_back || fail "moon's charon did not come back"
cyg moon up site >"$TEST_TMP/up3" 2>&1 || { cat "$TEST_TMP/up3"; fail "up after the restart failed"; }
ip -n "$MOON" -o addr show >"$TEST_TMP/moon.addr3"
assert_contains "$TEST_TMP/moon.addr3" "inet $VIP/32"
assert_contains "$DIR_sun/charon.log" "deleting duplicate IKE_SA site\[[0-9]+\] for peer '$CAROL' due to uniqueness policy"
sun_one_sa() {
	[ "$(cyg sun status | grep -cE 'site\[[0-9]+\]: ESTABLISHED')" = 1 ]
}
wait_for 5 sun_one_sa || fail "sun kept the replaced IKE_SA"
wait_for 10 ip netns exec "$MOON" ping -c1 -W1 "$SUN_INNER" || fail "no ping after the replacement"
# the old IKE_SA shared the identity's lease: still one, online
cyg sun leases >"$TEST_TMP/leases.replaced"
assert_contains "$TEST_TMP/leases.replaced" "usage: 1/14, 1 online"
assert_contains "$TEST_TMP/leases.replaced" "^ +$VIP +online +'$CAROL'"
# the old one is gone once its delete times out (retransmit_tries = 3)
sun_old_gone() { ! cyg sun status | grep -qE 'site\[[0-9]+\]: DELETING'; }
wait_for 20 sun_old_gone || fail "the replaced IKE_SA was never destroyed"
cyg sun leases >"$TEST_TMP/leases.replaced2"
assert_contains "$TEST_TMP/leases.replaced2" "^ +$VIP +online +'$CAROL'"

log "down-srcip closes the IKE_SA holding the address"
if cyg sun down-srcip 198.18.0.5 198.18.0.9 >"$TEST_TMP/srcip.none" 2>&1; then
	fail "down-srcip outside every lease succeeded"
fi
assert_contains "$TEST_TMP/srcip.none" "no IKE_SA with a virtual IP in that range found"
cyg sun down-srcip 198.18.0.0 198.18.0.3 >"$TEST_TMP/srcip" 2>&1 ||
	{ cat "$TEST_TMP/srcip"; fail "down-srcip failed"; }
assert_contains "$TEST_TMP/srcip" "closed successfully"

wait_for 5 bash -c "! ip netns exec $MOON env IPSEC_CONFDIR=$CONF_moon IPSEC_PIDDIR=$PID_moon $IPSEC status | grep -q ESTABLISHED" ||
	fail "moon still has the SA after down-srcip"
wait_for 5 bash -c "ip netns exec $SUN env IPSEC_CONFDIR=$CONF_sun IPSEC_PIDDIR=$PID_sun $IPSEC leases | grep -qE '$VIP +offline'" ||
	fail "the lease stayed online after down-srcip"
wait_for 5 bash -c "! ip -n $MOON -o addr show | grep -q 'inet $VIP/'" ||
	fail "the virtual IP stayed on moon after down-srcip"
cyg sun leases >"$TEST_TMP/leases.3"
assert_contains "$TEST_TMP/leases.3" "$VIP +offline +'$CAROL'"
