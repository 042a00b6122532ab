#!/bin/bash
# cygnet ↔ cygnet: sun presents a certificate that must be refused,
# whoever initiates: one from an untrusted CA, an expired one, a revoked one
# (CRL in ipsec.d/crls) and one for another identity. Moon refuses as
# responder (AUTHENTICATION_FAILED) and as initiator (then it tells sun,
# which deletes its half); afterwards neither end has an SA and no traffic
# passes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"

netns_pair
pki_create
cygnet_instance moon moon
cygnet_instance sun sun

# log_of WHO: the charon log of moon or sun
log_of() { eval echo "\$DIR_$1/charon.log"; }

# refuse CERT WHO:REASON WHO:REASON [sun's conn lines…]: sun uses CERT;
# when moon initiates, WHO refuses it with REASON in its log, then the same
# when sun initiates.
refuse() {
	local cert=$1 first=$2 second=$3 status; shift 3
	[ $# -gt 0 ] || set -- $(pki_ids sun)
	pki_configure_cygnet moon moon-rsa $(pki_ids moon)
	pki_configure_cygnet sun "$cert" "$@"
	start_cygnet moon
	start_cygnet sun

	log "$cert: moon initiates"
	: >"$DIR_moon/charon.log"
	: >"$DIR_sun/charon.log"
	status=0
	cyg moon up site >"$TEST_TMP/up" 2>&1 || status=$?
	[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "[$cert] moon accepted sun as responder"; }
	assert_contains "$(log_of "${first%%:*}")" "${first#*:}"
	if [ "${first%%:*}" = moon ]; then
		assert_contains "$DIR_moon/charon.log" "sending AUTHENTICATION_FAILED and DELETE"
		assert_contains "$DIR_sun/charon.log" "received AUTHENTICATION_FAILED notify"
	fi
	wait_for 5 bash -c "! ip netns exec $SUN env IPSEC_CONFDIR=$CONF_sun IPSEC_PIDDIR=$PID_sun $IPSEC status | grep -qE 'ESTABLISHED|INSTALLED'" ||
		fail "[$cert] sun kept its half of the refused SA"
	assert_refused moon sun

	log "$cert: sun initiates"
	: >"$DIR_moon/charon.log"
	: >"$DIR_sun/charon.log"
	status=0
	cyg sun up site >"$TEST_TMP/up" 2>&1 || status=$?
	[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "[$cert] moon accepted sun as initiator"; }
	assert_contains "$(log_of "${second%%:*}")" "${second#*:}"
	assert_contains "$TEST_TMP/up" "AUTHENTICATION_FAILED"
	assert_refused moon sun

	cyg moon stop >/dev/null 2>&1
	cyg sun stop >/dev/null 2>&1
}

untrusted="no trusted RSA public key found for 'sun\.example\.org'"
refuse sun-untrusted "moon:$untrusted" "moon:$untrusted"
refuse sun-expired "moon:is expired" "moon:is expired"
refuse sun-revoked "moon:is revoked" "moon:is revoked"
# sun's leftid is not in its certificate: it falls back to the subject DN
# (as strongSwan does), which moon's rightid= does not accept; as responder
# sun already finds no config for the identity moon asks for
refuse sun-wrongid "sun:no matching peer config" "moon:no matching peer config"
# sun claims whatever it is asked for (leftid=%any): moon asks for
# sun.example.org, which the certificate does not confirm
refuse sun-wrongid "moon:does not confirm identity 'sun\.example\.org'" \
	"moon:no matching peer config" "leftid=%any" "rightid=@moon.example.org"
