#!/bin/bash
# cygnet ↔ cygnet, revocation by a CRL fetched over HTTP: sun's certificates
# name a CRL distribution point on sun's address, served by a python3
# http.server the test starts; moon has no local CRL. Sun's revoked
# certificate is refused (AUTHENTICATION_FAILED, nothing installed) after
# moon fetched the CRL; the good one is accepted, from the cached CRL, and a
# ping passes. With strictcrlpolicy=yes and the server gone, moon refuses a
# certificate whose revocation status it cannot learn.
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
start_crl_server

log "revoked certificate: moon fetches the CRL and refuses it"
rev_try sun-crl-revoked
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted a revoked certificate"; }
assert_contains "$DIR_moon/charon.log" "fetching crl from '$REV_CRL_URI'"
assert_contains "$DIR_moon/charon.log" "certificate '.*OU=crl-revoked.*' is revoked"
assert_contains "$DIR_moon/charon.log" "sending AUTHENTICATION_FAILED"
assert_contains "$TEST_TMP/http.log" "GET /rev.crl"
assert_refused moon sun

log "good certificate, sun initiating: accepted from the cached CRL"
: >"$DIR_moon/charon.log"
pki_revocation_configure sun sun-crl-good $(pki_ids sun)
cyg sun stop >/dev/null 2>&1
start_cygnet sun
cyg sun up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "good certificate refused"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
cyg moon statusall >"$TEST_TMP/moon.status"
assert_established "$TEST_TMP/moon.status"
assert_not_contains "$DIR_moon/charon.log" "fetching crl from"
cyg moon listcrls >"$TEST_TMP/crls" 2>&1
assert_contains "$TEST_TMP/crls" "Cygnet Revocation CA"
rev_stop_both

log "good certificate, fresh moon: fetches the CRL and accepts"
rev_try sun-crl-good
[ "$status" = 0 ] || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "good certificate refused"; }
assert_contains "$DIR_moon/charon.log" "fetching crl from '$REV_CRL_URI'"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
rev_stop_both

log "strict policy, CRL server gone: refused"
stop_crl_server
pki_revocation_strict moon yes
rev_try sun-crl-good
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted an unverifiable certificate under strictcrlpolicy=yes"; }
assert_contains "$DIR_moon/charon.log" "fetching crl from '$REV_CRL_URI'"
assert_contains "$DIR_moon/charon.log" "revocation status of '.*' unknown"
assert_refused moon sun
rev_stop_both
