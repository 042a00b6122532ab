#!/bin/bash
# NAT keepalives (RFC 3948 §2.3, charon.keep_alive): only a host behind a
# NAT sends them. forceencaps=yes fakes a NAT for UDP encapsulation, which
# keeps no mapping open, so with keep_alive = 1s neither side sends any: the
# keepalive timer runs (level 2 log) but sun receives no 0xFF byte. The
# pacing itself is unit-tested (test_keepalive); our topology has no NAT.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

# keep_alive = SECONDS for ROLE's charon
set_keep_alive() {
	local conf
	conf=$(eval echo "\$CONF_$1")
	sed -i "0,/^charon {/s//charon {\n\tkeep_alive = $2/" "$conf/cygnet.conf"
}

netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" forceencaps=yes
set_keep_alive moon 1s
cygnet_instance sun sun
configure_cygnet sun
set_keep_alive sun 1s
start_cygnet sun
start_cygnet moon
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
# several keepalive intervals with nothing sent
sleep 3
assert_contains "$DIR_moon/charon.log" "not behind a NAT, NAT keepalive check every 1s"
assert_contains "$DIR_sun/charon.log" "not behind a NAT, NAT keepalive check every 1s"
cyg sun listcounters >"$TEST_TMP/sun.counters" || fail "listcounters failed"
assert_contains "$TEST_TMP/sun.counters" "nat-keepalive +0$"
cyg moon listcounters >"$TEST_TMP/moon.counters" || fail "listcounters failed"
assert_contains "$TEST_TMP/moon.counters" "nat-keepalive +0$"
# the SA is still up and working
in_ns "$MOON" ping -c1 -W2 -I "$MOON_INNER" "$SUN_INNER" >/dev/null || fail "tunnel broke"
