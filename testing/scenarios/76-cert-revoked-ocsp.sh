#!/bin/bash
# cygnet ↔ cygnet, revocation by OCSP (RFC 6960): sun's certificates name
# an OCSP responder on sun's address in authorityInfoAccess, an `openssl
# ocsp` the test starts, signing with a delegated responder certificate
# (OCSPSigning EKU) issued by the CA. Moon asks it, with a nonce, and
# refuses the revoked certificate (AUTHENTICATION_FAILED, nothing
# installed); the good one is accepted and a ping passes, and is accepted
# again from the cached response (nextUpdate from -nmin). With
# strictcrlpolicy=yes and the responder gone, the good one is refused too.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"
. "$(dirname "$0")/../lib/pki_revocation.sh"

[ -e "$PREFIX/lib/ipsec/plugins/libcygnet-curl.so" ] || { echo "curl plugin not installed"; exit 77; }
[ -e "$PREFIX/lib/ipsec/plugins/libcygnet-revocation.so" ] || { echo "revocation plugin not installed"; exit 77; }

netns_pair
pki_revocation_create
cygnet_instance moon moon
cygnet_instance sun sun
start_ocsp_responder

for who in moon sun; do
	log "revoked certificate, $who initiates: refused after asking the responder"
	rev_try sun-ocsp-revoked "$who"
	[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted a revoked certificate"; }
	assert_contains "$DIR_moon/charon.log" "requesting ocsp status from '$REV_OCSP_URI'"
	assert_contains "$DIR_moon/charon.log" "ocsp response: certificate was revoked \(keyCompromise\)"
	assert_contains "$DIR_moon/charon.log" "certificate '.*OU=ocsp-revoked.*' is revoked"
	if [ "$who" = moon ]; then
		assert_contains "$DIR_moon/charon.log" "sending AUTHENTICATION_FAILED"
	else
		assert_contains "$TEST_TMP/up" "AUTHENTICATION_FAILED"
	fi
	assert_refused moon sun
	rev_stop_both
done

log "good certificate: accepted, ping passes"
rev_try sun-ocsp-good moon
[ "$status" = 0 ] || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "good certificate refused"; }
assert_contains "$DIR_moon/charon.log" "requesting ocsp status from '$REV_OCSP_URI'"
assert_contains "$DIR_moon/charon.log" "ocsp response: certificate is good"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
cyg moon statusall >"$TEST_TMP/moon.status"
assert_established "$TEST_TMP/moon.status"
log "good certificate again: the cached response answers"
cyg moon down site >/dev/null 2>&1 || fail "ipsec down failed"
: >"$DIR_moon/charon.log"
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "good certificate refused the second time"; }
assert_contains "$DIR_moon/charon.log" "using cached ocsp response: "
assert_not_contains "$DIR_moon/charon.log" "requesting ocsp status"
rev_stop_both

log "strict policy, responder gone: refused"
kill "$OCSP_PID"; wait "$OCSP_PID" 2>/dev/null || true
pki_revocation_strict moon yes
rev_try sun-ocsp-good moon
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted an unverifiable certificate under strictcrlpolicy=yes"; }
assert_contains "$DIR_moon/charon.log" "requesting ocsp status from '$REV_OCSP_URI'"
assert_contains "$DIR_moon/charon.log" "revocation status of '.*' unknown"
assert_refused moon sun
rev_stop_both
