#!/bin/bash
# cygnet ↔ cygnet with RSA, ECDSA and Ed25519 certificates issued by an
# intermediate CA: moon initiates, each side sends a CERTREQ for its trust
# anchors and its certificate. Moon has the intermediate in cacerts and
# sends it too; sun trusts only the root, so it verifies moon's chain
# through the intermediate moon sent. A ping passes both ways.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"

netns_pair
pki_create
cygnet_instance moon moon
cygnet_instance sun sun

for kind in rsa ecdsa ed25519; do
	log "$kind certificates"
	scheme=$(pki_scheme $kind)
	pki_configure_cygnet moon "moon-$kind" $(pki_ids moon)
	PKI_CAS=root pki_configure_cygnet sun "sun-$kind" $(pki_ids sun)
	: >"$DIR_moon/charon.log"
	: >"$DIR_sun/charon.log"
	start_cygnet moon
	start_cygnet sun
	cyg moon up site >"$TEST_TMP/up" 2>&1 ||
		{ cat "$TEST_TMP/up"; tail -30 "$DIR_sun/charon.log"; fail "[$kind] ipsec up failed"; }
	ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
	ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	cyg sun statusall >"$TEST_TMP/sun.status"
	assert_established "$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/sun.status"
	assert_contains "$TEST_TMP/moon.status" "public key"
	assert_contains "$TEST_TMP/moon.status" "moon\.example\.org.*sun\.example\.org"
	for role in moon sun; do
		peer=sun
		[ $role = sun ] && peer=moon
		logf=$(eval echo "\$DIR_$role")/charon.log
		assert_contains "$logf" "authentication of '$role\.example\.org' \(myself\) with $scheme successful"
		assert_contains "$logf" "authentication of '$peer\.example\.org' with $scheme successful"
		assert_contains "$logf" "sending cert request for \"$ROOT_DN\""
		assert_contains "$logf" "received cert request for \"$ROOT_DN\""
		assert_contains "$logf" "sending end entity cert \"C=CH, O=Cygnet Test, OU=${kind^^}, CN=$role\.example\.org\""
		assert_contains "$logf" "received end entity cert \"C=CH, O=Cygnet Test, OU=${kind^^}, CN=$peer\.example\.org\""
	done
	assert_contains "$DIR_moon/charon.log" "sending issuer cert \"$INT_DN\""
	assert_contains "$DIR_sun/charon.log" "received issuer cert \"$INT_DN\""
	assert_contains "$DIR_sun/charon.log" "using trusted ca certificate \"$ROOT_DN\""
	assert_contains "$DIR_moon/charon.log" "using trusted ca certificate \"$INT_DN\""
	cyg moon listcerts >"$TEST_TMP/moon.certs" 2>&1
	assert_contains "$TEST_TMP/moon.certs" "CN=sun\.example\.org"
	cyg moon down site >/dev/null 2>&1 || fail "[$kind] ipsec down failed"
	cyg moon stop >/dev/null 2>&1
	cyg sun stop >/dev/null 2>&1
done
