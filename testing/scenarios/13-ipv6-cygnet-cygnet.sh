#!/bin/bash
# cygnet ↔ cygnet over IPv6: IKE and ESP-in-UDP between 2001:db8:1::1 and
# 2001:db8:1::2 protecting IPv6 subnets, then IPv4 subnets over the same
# IPv6 outer addresses and IPv6 subnets over IPv4 outer addresses (the
# userland data path handles each inner family on either outer one).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

netns_pair
V4_MOON_IP=$MOON_IP V4_SUN_IP=$SUN_IP V4_MOON_NET=$MOON_NET V4_SUN_NET=$SUN_NET
V4_MOON_INNER=$MOON_INNER V4_SUN_INNER=$SUN_INNER
netns_ipv6

cygnet_instance moon moon
cygnet_instance sun sun

# use OUTER INNER: pick the families of the outer addresses and the
# subnets; after the first time, reload both with the new conn
use() {
	local outer=$1 inner=$2
	eval "MOON_IP=\$${outer}_MOON_IP SUN_IP=\$${outer}_SUN_IP"
	eval "MOON_NET=\$${inner}_MOON_NET SUN_NET=\$${inner}_SUN_NET"
	eval "MOON_INNER=\$${inner}_MOON_INNER SUN_INNER=\$${inner}_SUN_INNER"
	configure_cygnet moon
	configure_cygnet sun
	[ -n "${STARTED:-}" ] || return 0
	cyg moon reload >/dev/null 2>&1 || fail "reload moon"
	cyg sun reload >/dev/null 2>&1 || fail "reload sun"
	cyg moon rereadsecrets >/dev/null 2>&1
	cyg sun rereadsecrets >/dev/null 2>&1
	wait_for 5 conn_loaded || fail "moon did not load the $outer/$inner conn"
}

conn_loaded() { cyg moon statusall | grep -q "$MOON_NET"; }

# tunnel: bring it up from moon, ping both ways, check both statusall, down
tunnel() {
	cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "ipsec up site failed"; }
	ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
	ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	cyg sun statusall >"$TEST_TMP/sun.status"
	assert_contains "$TEST_TMP/moon.status" "site\[[0-9]+\]: ESTABLISHED.*$MOON_IP.*$SUN_IP"
	assert_contains "$TEST_TMP/moon.status" "site\{[0-9]+\}: +INSTALLED, TUNNEL"
	assert_contains "$TEST_TMP/moon.status" "$MOON_NET === $SUN_NET"
	assert_contains "$TEST_TMP/sun.status" "$SUN_NET === $MOON_NET"
	cyg moon down site >/dev/null 2>&1 || fail "ipsec down site failed"
	wait_for 5 bash -c "! ip netns exec $SUN env IPSEC_CONFDIR=$CONF_sun IPSEC_PIDDIR=$PID_sun $IPSEC status | grep -q ESTABLISHED" ||
		fail "sun still has the SA after down"
	if in_ns "$MOON" ping -c1 -W1 -I "$MOON_INNER" "$SUN_INNER" >/dev/null 2>&1; then
		fail "traffic still flows after down"
	fi
}

log "IPv6 in IPv6"
use V6 V6
start_cygnet moon
start_cygnet sun
STARTED=1
tunnel

log "IPv4 in IPv6"
use V6 V4
tunnel

log "IPv6 in IPv4"
use V4 V6
tunnel
