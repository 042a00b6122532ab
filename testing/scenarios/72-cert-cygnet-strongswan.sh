#!/bin/bash
# cygnet (moon) ↔ Debian's strongSwan 5.9.8 (sun) with RSA, ECDSA and
# Ed25519 certificates, each side initiating once: both accept the other's
# certificate chain (cygnet's through the intermediate strongSwan sends)
# and signature, a ping passes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"
command -v ipsec >/dev/null && [ -x /usr/lib/ipsec/charon ] || { echo "strongSwan not installed"; exit 77; }

netns_pair
pki_create
cygnet_instance moon moon

wait_down() {
	wait_for 5 bash -c "! ip netns exec $SUN ipsec status | grep -q ESTABLISHED" ||
		fail "[$1] strongSwan kept the SA"
	wait_for 5 bash -c "! ip netns exec $MOON env IPSEC_CONFDIR=$CONF_moon IPSEC_PIDDIR=$PID_moon $IPSEC status | grep -q ESTABLISHED" ||
		fail "[$1] cygnet kept the SA"
}

for kind in rsa ecdsa ed25519; do
	scheme=$(pki_scheme $kind)
	# cygnet trusts the root only: strongSwan must send the intermediate
	PKI_CAS=root pki_configure_cygnet moon "moon-$kind" $(pki_ids moon)
	pki_configure_strongswan sun "sun-$kind" $(pki_ids sun)
	: >"$DIR_moon/charon.log"
	: >"$TEST_TMP/strongswan.log"
	start_strongswan "$SUN"
	start_cygnet moon

	log "$kind: cygnet initiates"
	cyg moon up site >"$TEST_TMP/up" 2>&1 ||
		{ cat "$TEST_TMP/up"; tail -30 "$TEST_TMP/strongswan.log"; fail "[$kind] cygnet's ipsec up failed"; }
	ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/moon.status"
	assert_contains "$DIR_moon/charon.log" "authentication of 'sun\.example\.org' with $scheme successful"
	assert_contains "$TEST_TMP/strongswan.log" "authentication of 'moon\.example\.org' with $scheme successful"
	assert_contains "$TEST_TMP/strongswan.log" "received end entity cert \"C=CH, O=Cygnet Test, OU=${kind^^}, CN=moon\.example\.org\""
	assert_contains "$DIR_moon/charon.log" "received issuer cert \"C=CH, O=Cygnet Test, CN=Cygnet Intermediate CA\""
	cyg moon down site >/dev/null 2>&1 || fail "[$kind] ipsec down failed"
	wait_down "$kind/cygnet"

	log "$kind: strongSwan initiates"
	: >"$DIR_moon/charon.log"
	in_ns "$SUN" ipsec up site >"$TEST_TMP/up" 2>&1 || true
	grep -q "established successfully" "$TEST_TMP/up" ||
		{ cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "[$kind] strongSwan's ipsec up failed"; }
	ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/moon.status"
	assert_contains "$DIR_moon/charon.log" "authentication of 'sun\.example\.org' with $scheme successful"
	in_ns "$SUN" ipsec down site >/dev/null 2>&1
	wait_down "$kind/strongSwan"

	cyg moon stop >/dev/null 2>&1
	in_ns "$SUN" ipsec stop >/dev/null 2>&1
	sleep 1
done
