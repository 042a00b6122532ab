#!/bin/bash
# cygnet ↔ cygnet, revocation by a CRL fetched over LDAP: sun's certificates
# name an ldap:// CRL distribution point (RFC 4516 URL with a percent-encoded
# DN, attribute certificateRevocationList;binary, scope base) on sun's
# address, served by a private slapd the test starts and fills with
# ldapadd; moon has no local CRL. Sun's revoked certificate is refused
# (AUTHENTICATION_FAILED, nothing installed) after moon fetched the CRL from
# the directory; with a good certificate a fresh moon fetches it again,
# accepts, and a ping passes. With strictcrlpolicy=yes and slapd gone, moon
# refuses a certificate whose revocation status it cannot learn.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"
. "$(dirname "$0")/../lib/pki_revocation.sh"

[ -e "$PREFIX/lib/ipsec/plugins/libcygnet-ldap.so" ] || { echo "ldap plugin not installed"; exit 77; }
[ -e "$PREFIX/lib/ipsec/plugins/libcygnet-revocation.so" ] || { echo "revocation plugin not installed"; exit 77; }
command -v slapd >/dev/null && command -v ldapadd >/dev/null ||
	{ echo "slapd/ldap-utils not installed (scripts/install-deps)"; exit 77; }

# the URI as a literal grep -E pattern (it holds '?' and '.')
uri_re=$(printf '%s' "$REV_LDAP_URI" | sed 's/[][\.?*+^$(){}|]/\\&/g')

netns_pair
pki_revocation_create
pki_revocation_ldap
cygnet_instance moon moon
cygnet_instance sun sun
start_ldap_server
ip netns exec "$SUN" ldapsearch -x -LLL -H "ldap://$SUN_IP/" -b "$REV_LDAP_DN" -s base \
	'certificateRevocationList;binary' >"$TEST_TMP/ldapsearch" 2>&1 ||
	{ cat "$TEST_TMP/ldapsearch"; fail "the CRL is not in the directory"; }
assert_contains "$TEST_TMP/ldapsearch" "^certificateRevocationList;binary::"

log "revoked certificate: moon fetches the CRL over LDAP and refuses it"
rev_try sun-ldap-revoked
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted a revoked certificate"; }
assert_contains "$DIR_moon/charon.log" "fetching crl from '$uri_re'"
assert_contains "$DIR_moon/charon.log" "fetched crl from '$uri_re' is valid"
assert_contains "$DIR_moon/charon.log" "certificate '.*OU=ldap-revoked.*' is revoked"
assert_contains "$DIR_moon/charon.log" "sending AUTHENTICATION_FAILED"
assert_contains "$TEST_TMP/slapd.log" "SRCH base=\"cn=Cygnet Revocation CA,dc=example,dc=org\" scope=0"
assert_refused moon sun
rev_stop_both

log "good certificate, fresh moon: fetches the CRL over LDAP and accepts"
rev_try sun-ldap-good
[ "$status" = 0 ] || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "good certificate refused"; }
assert_contains "$DIR_moon/charon.log" "fetched crl from '$uri_re' is valid"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
cyg moon statusall >"$TEST_TMP/moon.status"
assert_established "$TEST_TMP/moon.status"
cyg moon listcrls >"$TEST_TMP/crls" 2>&1
assert_contains "$TEST_TMP/crls" "Cygnet Revocation CA"
rev_stop_both

log "strict policy, LDAP server gone: refused"
stop_ldap_server
pki_revocation_strict moon yes
rev_try sun-ldap-good
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted an unverifiable certificate under strictcrlpolicy=yes"; }
assert_contains "$DIR_moon/charon.log" "fetching '$uri_re' failed: bind to ldap://$SUN_IP:389: Can't contact LDAP server"
assert_contains "$DIR_moon/charon.log" "revocation status of '.*' unknown"
assert_refused moon sun
rev_stop_both
