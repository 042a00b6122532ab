#!/bin/bash
# Debian's strongSwan 5.9.8 (sun, kernel-libipsec) initiates to cygnet (moon)
# with each proposal set the issue names; a ping passes each time.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
command -v ipsec >/dev/null && [ -x /usr/lib/ipsec/charon ] || { echo "strongSwan not installed"; exit 77; }

netns_pair
cygnet_instance moon moon
start_ss_and_try() {
	local label=$1; shift
	log "proposals: $label"
	configure_cygnet moon "$TEST_PSK" "$@"
	configure_strongswan sun "$TEST_PSK" "$@"
	start_strongswan "$SUN"
	start_cygnet moon
	in_ns "$SUN" ipsec up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "[$label] strongSwan's ipsec up failed"; }
	ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
	ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/moon.status"
	in_ns "$SUN" ipsec statusall >"$TEST_TMP/sun.status"
	assert_contains "$TEST_TMP/sun.status" "site\{[0-9]+\}: +INSTALLED, TUNNEL"
	in_ns "$SUN" ipsec down site >/dev/null 2>&1
	wait_for 5 bash -c "! ip netns exec $MOON env IPSEC_CONFDIR=$CONF_moon IPSEC_PIDDIR=$PID_moon $IPSEC status | grep -q ESTABLISHED" ||
		fail "[$label] cygnet kept the SA after strongSwan's down"
	cyg moon stop >/dev/null 2>&1
	in_ns "$SUN" ipsec stop >/dev/null 2>&1
	sleep 1
}
start_ss_and_try default
start_ss_and_try aes128-sha256-x25519 "ike=aes128-sha256-x25519!" "esp=aes128-sha256!"
start_ss_and_try aes256gcm16-prfsha384-ecp384 "ike=aes256gcm16-prfsha384-ecp384!" "esp=aes256gcm16!"
start_ss_and_try chacha20poly1305 "ike=chacha20poly1305-prfsha256-x25519!" "esp=chacha20poly1305!"
start_ss_and_try aes256-sha512-modp3072-pfs "ike=aes256-sha512-modp3072!" "esp=aes256-sha512-modp3072!"
