#!/bin/bash
# cygnet ↔ cygnet with RSA certificates and leftid=/rightid= in each form:
# the subject DN (the default with leftcert=) with rightca=, e-mail and IP
# subjectAltNames, a key ID (@#hex, the subjectKeyIdentifier); a peer that
# sends no certificate (leftsendcert=never) whose certificate we hold
# (rightcert=); RSA-PSS signatures (charon.rsa_pss = yes).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"

netns_pair
pki_create
cygnet_instance moon moon
cygnet_instance sun sun
MOON_DN=$(pki_dn moon-rsa)
SUN_DN=$(pki_dn sun-rsa)
ROOT=$ROOT_DN
ski() { openssl x509 -in "$PKI/$1.pem" -noout -ext subjectKeyIdentifier | tail -1 | tr -d ' :'; }

# try LABEL "moon lines|sun lines" (lines separated by ';'): up, ping, down
try() {
	local label=$1 ml sl
	IFS=';' read -ra ml <<<"$2"
	IFS=';' read -ra sl <<<"$3"
	log "$label"
	pki_configure_cygnet moon moon-rsa "${ml[@]}"
	pki_configure_cygnet sun sun-rsa "${sl[@]}"
	: >"$DIR_moon/charon.log"
	: >"$DIR_sun/charon.log"
	[ -z "${MOON_HOOK:-}" ] || eval "$MOON_HOOK"
	start_cygnet moon
	start_cygnet sun
	cyg moon up site >"$TEST_TMP/up" 2>&1 ||
		{ cat "$TEST_TMP/up"; tail -30 "$DIR_sun/charon.log"; fail "[$label] ipsec up failed"; }
	ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
	cyg moon statusall >"$TEST_TMP/moon.status"
	assert_established "$TEST_TMP/moon.status"
	cyg moon down site >/dev/null 2>&1 || fail "[$label] ipsec down failed"
	cyg moon stop >/dev/null 2>&1
	cyg sun stop >/dev/null 2>&1
}

try "DN identities (default), rightca=" \
	"rightid=$SUN_DN;rightca=$ROOT" "rightid=$MOON_DN;rightca=%same"
assert_contains "$TEST_TMP/moon.status" "\[$MOON_DN\]\.\.\.192\.0\.2\.2\[$SUN_DN\]"
assert_contains "$DIR_moon/charon.log" "authentication of '$SUN_DN' with RSA_EMSA_PKCS1_SHA2_256 successful"

try "e-mail identities" \
	"leftid=moon@example.org;rightid=sun@example.org" \
	"leftid=sun@example.org;rightid=moon@example.org"
assert_contains "$DIR_sun/charon.log" "authentication of 'moon@example\.org' with"

try "IP address identities" \
	"leftid=$MOON_IP;rightid=$SUN_IP" "leftid=$SUN_IP;rightid=$MOON_IP"
assert_contains "$DIR_moon/charon.log" "authentication of '192\.0\.2\.2' with"

# quoted: cygnet's ipsec.conf parser takes an unquoted '#' for a comment
try "key ID identities" \
	"leftid=\"@#$(ski moon-rsa)\";rightid=\"@#$(ski sun-rsa)\"" \
	"leftid=\"@#$(ski sun-rsa)\";rightid=\"@#$(ski moon-rsa)\""
assert_contains "$DIR_moon/charon.log" "authentication of '.*' with RSA_EMSA_PKCS1_SHA2_256 successful"

# sun sends no certificate; moon knows it from rightcert=
MOON_HOOK='cp "$PKI/sun-rsa.pem" "$CONF_moon/ipsec.d/certs/"'
try "no CERT payload, rightcert=" \
	"leftid=@moon.example.org;rightid=@sun.example.org;rightcert=sun-rsa.pem" \
	"leftid=@sun.example.org;rightid=@moon.example.org;leftsendcert=never"
MOON_HOOK=""
assert_not_contains "$DIR_moon/charon.log" "received end entity cert"
assert_contains "$DIR_moon/charon.log" "authentication of 'sun\.example\.org' with RSA_EMSA_PKCS1_SHA2_256 successful"

MOON_HOOK='sed -i "s/^charon {/charon {\n\trsa_pss = yes/" "$CONF_moon/cygnet.conf"'
try "RSA-PSS" "$(pki_ids moon | paste -sd';')" "$(pki_ids sun | paste -sd';')"
assert_contains "$DIR_sun/charon.log" "authentication of 'moon\.example\.org' with RSA_EMSA_PSS successful"
assert_contains "$DIR_moon/charon.log" "authentication of 'sun\.example\.org' with RSA_EMSA_PKCS1_SHA2_256 successful"
