#!/bin/bash
# cygnet (moon) initiates to Debian's strongSwan 5.9.8 (sun, kernel-libipsec)
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
	cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; tail -30 "$TEST_TMP/strongswan.log"; fail "[$label] ipsec up failed"; }
	ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/moon.status"
	in_ns "$SUN" ipsec statusall >"$TEST_TMP/sun.status"
	assert_contains "$TEST_TMP/sun.status" "site\[[0-9]+\]: ESTABLISHED"
	cyg moon down site >/dev/null 2>&1 || fail "[$label] ipsec down failed"
	wait_for 5 bash -c "! ip netns exec $SUN ipsec status | grep -q ESTABLISHED" ||
		fail "[$label] strongSwan kept the SA after cygnet's down"
	cyg moon status >"$TEST_TMP/moon.after"
	assert_no_sa "$TEST_TMP/moon.after"
	cyg moon stop >/dev/null 2>&1
	in_ns "$SUN" ipsec stop >/dev/null 2>&1
	sleep 1
}
start_ss_and_try default
start_ss_and_try aes128-sha256-x25519 "ike=aes128-sha256-x25519!" "esp=aes128-sha256!"
start_ss_and_try aes256gcm16-prfsha384-ecp384 "ike=aes256gcm16-prfsha384-ecp384!" "esp=aes256gcm16!"
start_ss_and_try chacha20poly1305 "ike=chacha20poly1305-prfsha256-x25519!" "esp=chacha20poly1305!"
start_ss_and_try aes256-sha512-modp3072-pfs "ike=aes256-sha512-modp3072!" "esp=aes256-sha512-modp3072!"
