#!/bin/bash
# cygnet ↔ cygnet, ipsec.conf `ca` sections and CRL policies. Sun's
# certificates name no CRL or OCSP URI; moon learns them from a ca section
# (cacert= outside ipsec.d, crluri=, ocspuri=) that is also its only trust
# anchor for them. A revoked certificate is refused after moon fetched the
# CRL from crluri=, a good one is accepted; `listcainfos` shows the
# section; removing it with `ipsec update` removes the anchor. config setup
# strictcrlpolicy=yes refuses what cannot be checked, a conn's
# rightcrlpolicy=no overrides it; ocspuri= answers land in `listocsp`
# until `purgeocsp`; cachecrls=yes writes the fetched CRL to ipsec.d/crls.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"
. "$(dirname "$0")/../lib/pki_revocation.sh"

[ -e "$PREFIX/lib/ipsec/plugins/libcygnet-curl.so" ] || { echo "curl plugin not installed"; exit 77; }
[ -e "$PREFIX/lib/ipsec/plugins/libcygnet-revocation.so" ] || { echo "revocation plugin not installed"; exit 77; }

netns_pair
pki_revocation_create
# two more certificates for sun without any URI, one of them revoked
for name in plain-good plain-revoked; do
	_pki_issue rev "sun-$name" ecdsa "$PKI_O, OU=$name, CN=sun.example.org" ee_ext \
		"$(_pki_host_san sun "$SUN_IP")"
done
_pki_ca rev -revoke "$PKI/sun-plain-revoked.pem" -crl_reason keyCompromise || fail "pki: revoke"
_pki_ca rev -gencrl -out "$PKI/rev.crl.pem" || fail "pki: gencrl"
openssl crl -in "$PKI/rev.crl.pem" -outform DER -out "$PKI/www/rev.crl" || fail "pki: crl"

cygnet_instance moon moon
cygnet_instance sun sun
start_crl_server

# moon_conf [setup lines] -- [conn lines]: moon's config with the ca section
# "rev" (the CA only there, not in ipsec.d/cacerts) plus the given lines.
moon_conf() {
	local setup=() conn=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do setup+=("$1"); shift; done
	[ "${1:-}" = -- ] && shift
	conn=("$@")
	pki_revocation_configure moon moon-rev $(pki_ids moon) "${conn[@]}"
	rm -f "$CONF_moon/ipsec.d/cacerts/rev.pem"
	cp "$PKI/rev.pem" "$CONF_moon/rev-ca.pem"
	for line in "${setup[@]}"; do
		sed -i "s|^config setup\$|config setup\n\t$line|" "$CONF_moon/ipsec.conf"
	done
	cat >>"$CONF_moon/ipsec.conf" <<CONF

ca rev
	cacert=$CONF_moon/rev-ca.pem
	crluri=$REV_CRL_URI
	ocspuri=$REV_OCSP_URI
	auto=add
CONF
}

# try CERT: sun (with CERT) initiates to moon; sets $status
try() {
	pki_revocation_configure sun "$1" $(pki_ids sun)
	: >"$DIR_moon/charon.log"
	cyg sun stop >/dev/null 2>&1
	start_cygnet sun
	status=0
	cyg sun up site >"$TEST_TMP/up" 2>&1 || status=$?
}

moon_conf "cachecrls=yes"
start_cygnet moon

log "listcainfos shows the ca section"
cyg moon listcainfos >"$TEST_TMP/cainfos" 2>&1
assert_contains "$TEST_TMP/cainfos" "List of X.509 CA Information Records"
assert_contains "$TEST_TMP/cainfos" "authname: *\"$REV_DN\""
assert_contains "$TEST_TMP/cainfos" "crluris: *'$REV_CRL_URI'"
assert_contains "$TEST_TMP/cainfos" "ocspuris: *'$REV_OCSP_URI'"
cyg moon listcacerts >"$TEST_TMP/cacerts" 2>&1
assert_contains "$TEST_TMP/cacerts" "Cygnet Revocation CA"

log "revoked certificate without URIs: CRL fetched from crluri=, refused"
try sun-plain-revoked
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted a revoked certificate"; }
assert_contains "$DIR_moon/charon.log" "fetching crl from '$REV_CRL_URI'"
assert_contains "$DIR_moon/charon.log" "certificate '.*OU=plain-revoked.*' is revoked"
assert_refused moon sun
log "cachecrls=yes: the fetched CRL is kept in ipsec.d/crls"
keyid=$(openssl crl -in "$PKI/rev.crl.pem" -noout -text | grep -A1 "Authority Key Identifier" |
	tail -1 | tr -d ' :\n' | tr 'A-F' 'a-f')
[ -s "$CONF_moon/ipsec.d/crls/$keyid.crl" ] || { ls -l "$CONF_moon/ipsec.d/crls"; fail "fetched CRL not cached as $keyid.crl"; }
cmp -s "$CONF_moon/ipsec.d/crls/$keyid.crl" "$PKI/www/rev.crl" || fail "cached CRL differs from the served one"

log "good certificate without URIs: accepted through the ca section"
try sun-plain-good
[ "$status" = 0 ] || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "good certificate refused"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
cyg sun down site >/dev/null 2>&1

log "ocspuri=: the answer is kept and listed, purgeocsp forgets it"
start_ocsp_responder
cyg moon purgecrls >/dev/null 2>&1
try sun-plain-good
[ "$status" = 0 ] || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "good certificate refused (ocsp)"; }
assert_contains "$DIR_moon/charon.log" "requesting ocsp status from '$REV_OCSP_URI'"
cyg moon listocsp >"$TEST_TMP/ocsp" 2>&1
assert_contains "$TEST_TMP/ocsp" "List of OCSP Responses"
assert_contains "$TEST_TMP/ocsp" "OU=plain-good"
assert_contains "$TEST_TMP/ocsp" "status: *good"
assert_contains "$TEST_TMP/ocsp" "responder: *\".*CN=Cygnet OCSP Responder\""
cyg moon listocsp --json >"$TEST_TMP/ocsp.json" 2>&1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ocsp"][0]["status"]=="GOOD" or d["ocsp"][0]["status"].lower()=="good", d' \
	"$TEST_TMP/ocsp.json" || { cat "$TEST_TMP/ocsp.json"; fail "listocsp --json"; }
cyg moon purgeocsp >/dev/null 2>&1 || fail "purgeocsp failed"
cyg moon listocsp >"$TEST_TMP/ocsp" 2>&1
assert_not_contains "$TEST_TMP/ocsp" "OU=plain-good"
cyg sun down site >/dev/null 2>&1

log "ipsec update without the ca section: the anchor is gone, refused"
sed -i '/^ca rev$/,$d' "$CONF_moon/ipsec.conf"
cyg moon update >"$TEST_TMP/update" 2>&1 || { cat "$TEST_TMP/update"; fail "ipsec update failed"; }
wait_for 10 eval '! cyg moon listcainfos 2>&1 | grep -q authname' || fail "ca section still listed after update"
try sun-plain-good
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "accepted without a trust anchor"; }
assert_contains "$DIR_moon/charon.log" "no trusted .* public key found"
assert_refused moon sun
cyg moon stop >/dev/null 2>&1

stop_crl_server
kill "$OCSP_PID" 2>/dev/null || true; wait "$OCSP_PID" 2>/dev/null || true
log "config setup strictcrlpolicy=yes, CRL and OCSP servers gone: refused"
moon_conf "strictcrlpolicy=yes"
start_cygnet moon
try sun-plain-good
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "accepted an unverifiable certificate under strictcrlpolicy=yes"; }
assert_contains "$DIR_moon/charon.log" "revocation status of '.*' unknown"
assert_refused moon sun
cyg moon stop >/dev/null 2>&1

log "rightcrlpolicy=no overrides it for one conn"
moon_conf "strictcrlpolicy=yes" -- "rightcrlpolicy=no"
start_cygnet moon
try sun-plain-good
[ "$status" = 0 ] || { cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "rightcrlpolicy=no did not override"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
