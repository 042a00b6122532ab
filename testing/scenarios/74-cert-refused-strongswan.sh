#!/bin/bash
# cygnet (moon) ↔ strongSwan (sun) with certificates one side must refuse,
# each side initiating: cygnet refuses strongSwan's certificate from an
# untrusted CA, its expired, revoked and foreign-identity certificates;
# strongSwan refuses cygnet's untrusted one. Nothing stays installed.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"
command -v ipsec >/dev/null && [ -x /usr/lib/ipsec/charon ] || { echo "strongSwan not installed"; exit 77; }

netns_pair
pki_create
cygnet_instance moon moon

assert_ss_no_sa() {
	wait_for 5 bash -c "! ip netns exec $SUN ipsec status | grep -qE 'ESTABLISHED|INSTALLED'" ||
		fail "[$1] strongSwan kept an SA"
	in_ns "$SUN" ipsec statusall >"$TEST_TMP/sun.status" 2>&1
	assert_no_sa "$TEST_TMP/sun.status"
}

# log_of WHO: cygnet's log (moon) or strongSwan's (sun)
log_of() { [ "$1" = moon ] && echo "$DIR_moon/charon.log" || echo "$TEST_TMP/strongswan.log"; }

# refuse MOON_CERT SUN_CERT WHO:REASON WHO:REASON: when cygnet initiates,
# WHO (moon or sun) refuses the other with REASON in its log; then the
# same when strongSwan initiates
refuse() {
	local mcert=$1 scert=$2 first=$3 second=$4 status label="$1/$2"
	pki_configure_cygnet moon "$mcert" $(pki_ids moon)
	pki_configure_strongswan sun "$scert" $(pki_ids sun)
	start_strongswan "$SUN"
	start_cygnet moon

	log "$label: cygnet initiates, ${first%%:*} refuses"
	: >"$DIR_moon/charon.log"
	: >"$TEST_TMP/strongswan.log"
	status=0
	cyg moon up site >"$TEST_TMP/up" 2>&1 || status=$?
	[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "[$label] cygnet's up succeeded"; }
	assert_contains "$(log_of "${first%%:*}")" "${first#*:}"
	assert_ss_no_sa "$label"
	assert_refused moon

	log "$label: strongSwan initiates, ${second%%:*} refuses"
	: >"$DIR_moon/charon.log"
	: >"$TEST_TMP/strongswan.log"
	in_ns "$SUN" ipsec up site >"$TEST_TMP/up" 2>&1 || true
	assert_not_contains "$TEST_TMP/up" "established successfully"
	assert_contains "$(log_of "${second%%:*}")" "${second#*:}"
	assert_ss_no_sa "$label"
	wait_for 5 bash -c "! ip netns exec $MOON env IPSEC_CONFDIR=$CONF_moon IPSEC_PIDDIR=$PID_moon $IPSEC status | grep -qE 'ESTABLISHED|INSTALLED'" ||
		fail "[$label] cygnet kept an SA"
	assert_refused moon

	cyg moon stop >/dev/null 2>&1
	in_ns "$SUN" ipsec stop >/dev/null 2>&1
	sleep 1
}

untrusted="no trusted RSA public key found for 'sun\.example\.org'"
refuse moon-rsa sun-untrusted "moon:$untrusted" "moon:$untrusted"
refuse moon-rsa sun-expired "moon:is expired" "moon:is expired"
refuse moon-rsa sun-revoked "moon:is revoked" "moon:is revoked"
# strongSwan falls back to the certificate's subject DN for an identity
# the certificate does not confirm: as responder it then has no config for
# the identity cygnet asks for, as initiator cygnet has none for it
refuse moon-rsa sun-wrongid "sun:no matching peer config found" "moon:no matching peer config"
# strongSwan refuses cygnet's certificate from an untrusted CA; when it
# initiates, cygnet has already installed its half and must remove it
# on strongSwan's AUTHENTICATION_FAILED
refuse moon-untrusted sun-rsa "sun:no trusted RSA public key found for 'moon\.example\.org'" \
	"sun:no trusted RSA public key found for 'moon\.example\.org'"
assert_contains "$DIR_moon/charon.log" "received AUTHENTICATION_FAILED notify"
