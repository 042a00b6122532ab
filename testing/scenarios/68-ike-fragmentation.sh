#!/bin/bash
# IKE fragmentation (RFC 7383) with a large certificate chain: RSA 4096
# root, intermediate and end entities, each side sending its certificate
# and the intermediate (leftsendcert=always), charon.fragment_size = 600 on
# both sides (the side trusting only the root gets the intermediate from
# the peer). cygnet ↔ strongSwan 5.9.8 with each side initiating, then
# cygnet ↔ cygnet: IKE_AUTH travels as Encrypted Fragments both ways (both
# logs say so), no IKE packet needs IP fragmentation (the namespaces'
# IP reassembly counters stay at zero), the tunnel comes up and a ping passes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"

FRAG_SIZE=600

# RSA 4096 for every key of the chain below (pki.sh makes 2048-bit ones)
_pki_key() {
	openssl genrsa -traditional -out "$1" 4096 2>/dev/null
}

# root ─ intermediate ─ moon-rsa, sun-rsa, all RSA 4096
big_pki() {
	PKI="$TEST_TMP/pki"
	mkdir -p "$PKI"
	_pki_self_signed root rsa "$ROOT_DN"
	_pki_issue root int rsa "$INT_DN" ca_ext ""
	_pki_ca_db int
	_pki_issue int moon-rsa rsa "$PKI_O, OU=RSA, CN=moon.example.org" ee_ext \
		"$(_pki_host_san moon "$MOON_IP")"
	_pki_issue int sun-rsa rsa "$PKI_O, OU=RSA, CN=sun.example.org" ee_ext \
		"$(_pki_host_san sun "$SUN_IP")"
	_pki_ca int -gencrl -out "$PKI/int.crl.pem" || fail "pki: no intermediate CRL"
	_pki_ca root -gencrl -out "$PKI/root.crl.pem" || fail "pki: no root CRL"
}

# with_fragment_size FILE: charon.fragment_size in a cygnet.conf/strongswan.conf
with_fragment_size() {
	grep -q "fragment_size" "$1" ||
		sed -i "0,/^charon {/s//charon {\n\tfragment_size = $FRAG_SIZE/" "$1"
}

# reassembled IP datagrams in namespace NS
ip_reasm() {
	ip netns exec "$1" awk '/^Ip:/ { if (!n++) { for (i = 1; i <= NF; i++) h[i] = $i } \
		else { for (i = 1; i <= NF; i++) if (h[i] == "ReasmReqds") print $i } }' /proc/net/snmp
}

assert_no_ip_fragments() {
	local ns
	for ns in "$MOON" "$SUN"; do
		[ "$(ip_reasm "$ns")" = 0 ] || fail "[$1] IP fragments arrived in $ns"
	done
}

# assert_cygnet_fragmented LOG: cygnet split and reassembled IKE messages
assert_cygnet_fragmented() {
	assert_contains "$1" "splitting IKE message \([0-9]+ bytes\) into [0-9]+ fragments"
	assert_contains "$1" "received fragment #[0-9]+ of [0-9]+, reassembled fragmented IKE message"
}

assert_strongswan_fragmented() {
	assert_contains "$1" "splitting IKE message \([0-9]+ bytes\) into [0-9]+ fragments"
	assert_contains "$1" "received fragment #[0-9]+ of [0-9]+, reassembled fragmented IKE message"
}

netns_pair
log "building an RSA 4096 PKI"
big_pki
cygnet_instance moon moon
with_fragment_size "$CONF_moon/cygnet.conf"
SEND="leftsendcert=always"

if command -v ipsec >/dev/null && [ -x /usr/lib/ipsec/charon ]; then
	# one strongSwan at a time on this host (the run directory is shared)
	wait_for 600 bash -c "! pgrep -f '^/usr/lib/ipsec/(charon|starter)' >/dev/null" ||
		fail "another strongSwan kept running"
	# cygnet trusts the root only, so strongSwan sends the intermediate
	PKI_CAS=root pki_configure_cygnet moon moon-rsa $(pki_ids moon) "$SEND"
	pki_configure_strongswan sun sun-rsa $(pki_ids sun) "$SEND"
	with_fragment_size "$SS_ETC/strongswan.conf"
	: >"$DIR_moon/charon.log"
	: >"$TEST_TMP/strongswan.log"
	start_strongswan "$SUN"
	start_cygnet moon

	log "cygnet initiates to strongSwan"
	cyg moon up site >"$TEST_TMP/up" 2>&1 ||
		{ cat "$TEST_TMP/up"; tail -30 "$TEST_TMP/strongswan.log"; fail "cygnet's ipsec up failed"; }
	ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/moon.status"
	assert_cygnet_fragmented "$DIR_moon/charon.log"
	assert_strongswan_fragmented "$TEST_TMP/strongswan.log"
	assert_contains "$DIR_moon/charon.log" "received issuer cert \"C=CH, O=Cygnet Test, CN=Cygnet Intermediate CA\""
	assert_contains "$TEST_TMP/strongswan.log" "authentication of 'moon\.example\.org' with RSA_EMSA_PKCS1_SHA2_256 successful"
	assert_no_ip_fragments "cygnet→strongSwan"
	cyg moon down site >/dev/null 2>&1 || fail "ipsec down failed"
	wait_for 5 bash -c "! ip netns exec $SUN ipsec status | grep -q ESTABLISHED" ||
		fail "strongSwan kept the SA"

	log "strongSwan initiates to cygnet"
	: >"$DIR_moon/charon.log"
	: >"$TEST_TMP/strongswan.log"
	in_ns "$SUN" ipsec up site >"$TEST_TMP/up" 2>&1 || true
	grep -q "established successfully" "$TEST_TMP/up" ||
		{ cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "strongSwan's ipsec up failed"; }
	ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/moon.status"
	assert_cygnet_fragmented "$DIR_moon/charon.log"
	assert_strongswan_fragmented "$TEST_TMP/strongswan.log"
	assert_no_ip_fragments "strongSwan→cygnet"
	in_ns "$SUN" ipsec down site >/dev/null 2>&1
	cyg moon stop >/dev/null 2>&1
	in_ns "$SUN" ipsec stop >/dev/null 2>&1
	wait_for 10 bash -c "! pgrep -f '^/usr/lib/ipsec/(charon|starter)'"
	rm -rf "$SS_ETC"
else
	log "strongSwan not installed: cygnet ↔ cygnet only"
fi

log "cygnet ↔ cygnet"
cygnet_instance sun sun
with_fragment_size "$CONF_sun/cygnet.conf"
pki_configure_cygnet moon moon-rsa $(pki_ids moon) "$SEND"
PKI_CAS=root pki_configure_cygnet sun sun-rsa $(pki_ids sun) "$SEND"
: >"$DIR_moon/charon.log"
start_cygnet moon
start_cygnet sun
cyg moon up site >"$TEST_TMP/up" 2>&1 ||
	{ cat "$TEST_TMP/up"; tail -30 "$DIR_sun/charon.log"; fail "ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
cyg sun statusall >"$TEST_TMP/sun.status"
assert_established "$TEST_TMP/sun.status"
assert_cygnet_fragmented "$DIR_moon/charon.log"
assert_cygnet_fragmented "$DIR_sun/charon.log"
# sun trusts the root only: it verified moon through the intermediate moon sent
assert_contains "$DIR_sun/charon.log" "received issuer cert \"C=CH, O=Cygnet Test, CN=Cygnet Intermediate CA\""
assert_no_ip_fragments "cygnet↔cygnet"
exit 0
