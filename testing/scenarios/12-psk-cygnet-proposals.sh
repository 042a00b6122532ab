#!/bin/bash
# cygnet ↔ cygnet with each proposal set the issue names (sun initiates,
# moon responds); a ping passes each time and the negotiated algorithms are
# the configured ones.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

netns_pair
cygnet_instance moon moon
cygnet_instance sun sun
try() {
	local label=$1 ike_expect=$2 esp_expect=$3; shift 3
	log "proposals: $label"
	configure_cygnet moon "$TEST_PSK" "$@"
	configure_cygnet sun "$TEST_PSK" "$@"
	start_cygnet moon
	start_cygnet sun
	cyg sun up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "[$label] ipsec up failed"; }
	ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/moon.status"
	assert_contains "$TEST_TMP/moon.status" "IKE proposal: $ike_expect"
	assert_contains "$TEST_TMP/moon.status" "site\{[0-9]+\}: +$esp_expect"
	cyg sun down site >/dev/null 2>&1 || fail "[$label] ipsec down failed"
	cyg moon stop >/dev/null 2>&1
	cyg sun stop >/dev/null 2>&1
}
try aes128-sha256-x25519 "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519" \
	"AES_CBC_128/HMAC_SHA2_256_128," "ike=aes128-sha256-x25519!" "esp=aes128-sha256!"
try aes256gcm16-prfsha384-ecp384 "AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384" "AES_GCM_16_256," \
	"ike=aes256gcm16-prfsha384-ecp384!" "esp=aes256gcm16!"
try chacha20poly1305 "CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519" "CHACHA20_POLY1305," \
	"ike=chacha20poly1305-prfsha256-x25519!" "esp=chacha20poly1305!"
try aes256-sha512-modp3072-pfs "AES_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/MODP_3072" \
	"AES_CBC_256/HMAC_SHA2_512_256," "ike=aes256-sha512-modp3072!" "esp=aes256-sha512-modp3072!"
