# A PKI for the network revocation scenarios, built with pki.sh's helpers:
# a root CA whose end-entity certificates name a CRL distribution point
# and/or an OCSP responder on sun's address, plus the servers answering
# there. Source after common.sh, netns.sh, tunnel.sh and pki.sh.
#
#   pki_revocation_create                        build the PKI into $PKI
#   pki_revocation_configure ROLE CERT [lines…]  ipsec.conf/secrets/ipsec.d
#   start_crl_server                             python3 -m http.server in $SUN
#   start_ocsp_responder                         openssl ocsp in $SUN
#   pki_revocation_ldap                          + sun-ldap-* (CRL DP $REV_LDAP_URI)
#   start_ldap_server                            slapd in $SUN serving the CRL
#   rev_try CERT [WHO]                           moon (or WHO) brings up site, sun shows CERT
#   rev_stop_both                                stop both cygnet instances
#
# pki_revocation_create fills $PKI with:
#
#   Cygnet Revocation CA (ECDSA) ─┬─ moon-rev      (no URIs)
#                                 ├─ sun-crl-good / sun-crl-revoked   (CRL DP $REV_CRL_URI)
#                                 ├─ sun-ocsp-good / sun-ocsp-revoked (AIA OCSP $REV_OCSP_URI)
#                                 └─ ocsp-signer   (EKU OCSPSigning, the delegated responder)
#
# $PKI/www/rev.crl is the CA's CRL (DER) listing the two *-revoked ones.

REV_DN="C=CH, O=Cygnet Test, CN=Cygnet Revocation CA"
REV_CRL_PORT=8080
REV_OCSP_PORT=8081
REV_CRL_URI="http://$SUN_IP:$REV_CRL_PORT/rev.crl"
REV_OCSP_URI="http://$SUN_IP:$REV_OCSP_PORT/"
REV_LDAP_PORT=389
REV_LDAP_SUFFIX="dc=example,dc=org"
REV_LDAP_DN="cn=Cygnet Revocation CA,$REV_LDAP_SUFFIX"
# RFC 4516: the DN's spaces and commas percent-encoded (openssl's config
# would split the URI at a comma), attribute given, scope base
REV_LDAP_URI="ldap://$SUN_IP/cn=Cygnet%20Revocation%20CA%2Cdc=example%2Cdc=org?certificateRevocationList;binary?base"

pki_revocation_create() {
	local name
	PKI="$TEST_TMP/pki"
	mkdir -p "$PKI/www"
	_pki_self_signed rev ecdsa "$REV_DN"
	cat >>"$PKI/rev.db/ca.cnf" <<CNF
[ crl_ee_ext ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::PKI_SAN}
crlDistributionPoints = URI:$REV_CRL_URI
[ ocsp_ee_ext ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::PKI_SAN}
authorityInfoAccess = OCSP;URI:$REV_OCSP_URI
[ ocsp_signer_ext ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
	_pki_issue rev moon-rev ecdsa "$PKI_O, OU=Revocation, CN=moon.example.org" ee_ext \
		"$(_pki_host_san moon "$MOON_IP")"
	for name in crl-good crl-revoked; do
		_pki_issue rev "sun-$name" ecdsa "$PKI_O, OU=$name, CN=sun.example.org" crl_ee_ext \
			"$(_pki_host_san sun "$SUN_IP")"
	done
	for name in ocsp-good ocsp-revoked; do
		_pki_issue rev "sun-$name" ecdsa "$PKI_O, OU=$name, CN=sun.example.org" ocsp_ee_ext \
			"$(_pki_host_san sun "$SUN_IP")"
	done
	_pki_issue rev ocsp-signer ecdsa "$PKI_O, CN=Cygnet OCSP Responder" ocsp_signer_ext ""
	for name in crl-revoked ocsp-revoked; do
		_pki_ca rev -revoke "$PKI/sun-$name.pem" -crl_reason keyCompromise ||
			fail "pki: cannot revoke sun-$name"
	done
	_pki_ca rev -gencrl -out "$PKI/rev.crl.pem" || fail "pki: cannot create the CRL"
	openssl crl -in "$PKI/rev.crl.pem" -outform DER -out "$PKI/www/rev.crl" ||
		fail "pki: cannot convert the CRL"
}

# pki_revocation_configure ROLE CERT [extra conn lines…]: like
# pki_configure_cygnet, trusting the revocation CA only, with no local CRL
# (revocation information must come over the network), and loading curl.
pki_revocation_configure() {
	local role=$1 cert=$2 conf
	conf=$(eval echo "\$CONF_$role")
	mkdir -p "$conf/ipsec.d"/{cacerts,certs,private,crls}
	rm -f "$conf"/ipsec.d/{cacerts,certs,private,crls}/*
	cp "$PKI/$cert.pem" "$conf/ipsec.d/certs/"
	cp "$PKI/$cert.key" "$conf/ipsec.d/private/"
	chmod 600 "$conf/ipsec.d/private/$cert.key"
	cp "$PKI/rev.pem" "$conf/ipsec.d/cacerts/"
	_pki_conf "$@" >"$conf/ipsec.conf"
	pki_secret "$cert" >"$conf/ipsec.secrets"
	chmod 600 "$conf/ipsec.secrets"
	PKI_CYGNET_PLUGINS="curl ldap $PKI_CYGNET_PLUGINS" pki_cygnet_plugins "$role"
}

# pki_revocation_strict ROLE yes|no|ifuri: the CRL policy of ROLE's charon
# (charon.plugins.revocation.strict; call once per instance).
pki_revocation_strict() {
	local conf
	conf=$(eval echo "\$CONF_$1")
	sed -i "s/^charon {\$/charon {\n\tplugins {\n\t\trevocation {\n\t\t\tstrict = $2\n\t\t}\n\t}/" \
		"$conf/cygnet.conf"
}

# _rev_listening PORT: something listens on sun's PORT.
_rev_listening() { in_ns "$SUN" ss -ltn | grep -q ":$1\b"; }

# start_crl_server: serve $PKI/www over HTTP on sun's address.
start_crl_server() {
	ip netns exec "$SUN" python3 -m http.server "$REV_CRL_PORT" --bind "$SUN_IP" \
		--directory "$PKI/www" >"$TEST_TMP/http.log" 2>&1 &
	CRL_SERVER_PID=$!
	on_exit "kill $CRL_SERVER_PID; wait $CRL_SERVER_PID"
	wait_for 10 _rev_listening "$REV_CRL_PORT" || { cat "$TEST_TMP/http.log" >&2; fail "http.server did not start"; }
}

stop_crl_server() {
	kill "$CRL_SERVER_PID" 2>/dev/null || true
	wait "$CRL_SERVER_PID" 2>/dev/null || true
}

# start_ocsp_responder: openssl ocsp on sun's REV_OCSP_PORT, answering from
# the CA's database, signed by the delegated responder.
start_ocsp_responder() {
	ip netns exec "$SUN" openssl ocsp -index "$PKI/rev.db/index.txt" -port "$REV_OCSP_PORT" \
		-rsigner "$PKI/ocsp-signer.pem" -rkey "$PKI/ocsp-signer.key" \
		-CA "$PKI/rev.pem" -nmin 10 -ignore_err >"$TEST_TMP/ocsp.log" 2>&1 &
	OCSP_PID=$!
	on_exit "kill $OCSP_PID; wait $OCSP_PID"
	wait_for 10 _rev_listening "$REV_OCSP_PORT" || { cat "$TEST_TMP/ocsp.log" >&2; fail "openssl ocsp did not start"; }
}

# pki_revocation_ldap: after pki_revocation_create, add sun-ldap-good and
# sun-ldap-revoked, whose CRL distribution point is $REV_LDAP_URI, revoke
# the latter and re-issue the CA's CRL (PEM and $PKI/www/rev.crl).
pki_revocation_ldap() {
	local name
	cat >>"$PKI/rev.db/ca.cnf" <<CNF
[ ldap_ee_ext ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::PKI_SAN}
crlDistributionPoints = URI:$REV_LDAP_URI
CNF
	for name in ldap-good ldap-revoked; do
		_pki_issue rev "sun-$name" ecdsa "$PKI_O, OU=$name, CN=sun.example.org" ldap_ee_ext \
			"$(_pki_host_san sun "$SUN_IP")"
	done
	_pki_ca rev -revoke "$PKI/sun-ldap-revoked.pem" -crl_reason keyCompromise ||
		fail "pki: cannot revoke sun-ldap-revoked"
	_pki_ca rev -gencrl -out "$PKI/rev.crl.pem" || fail "pki: cannot create the CRL"
	openssl crl -in "$PKI/rev.crl.pem" -outform DER -out "$PKI/www/rev.crl" ||
		fail "pki: cannot convert the CRL"
}

# start_ldap_server: a private slapd (mdb, its own config and database under
# $TEST_TMP/slapd) on sun's address, holding the CA's CRL in the
# certificateRevocationList;binary attribute of $REV_LDAP_DN.
start_ldap_server() {
	local dir="$TEST_TMP/slapd" modules
	command -v slapd >/dev/null && command -v ldapadd >/dev/null ||
		{ echo "slapd/ldap-utils not installed"; exit 77; }
	modules=$(dirname "$(find /usr/lib /usr/lib64 -name back_mdb.so 2>/dev/null | head -1)")
	mkdir -p "$dir/db"
	cat >"$dir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
modulepath $modules
moduleload back_mdb
database mdb
maxsize 16777216
suffix "$REV_LDAP_SUFFIX"
rootdn "cn=admin,$REV_LDAP_SUFFIX"
rootpw secret
directory $dir/db
access to * by * read
CONF
	# -d: stay in the foreground (the pid is ours to kill), logging
	# connections and operations (stats) to slapd.log
	ip netns exec "$SUN" slapd -d stats -f "$dir/slapd.conf" -h "ldap://$SUN_IP:$REV_LDAP_PORT/" \
		>"$TEST_TMP/slapd.log" 2>&1 &
	LDAP_SERVER_PID=$!
	on_exit "kill $LDAP_SERVER_PID; wait $LDAP_SERVER_PID"
	wait_for 10 _rev_listening "$REV_LDAP_PORT" || { cat "$TEST_TMP/slapd.log" >&2; fail "slapd did not start"; }
	cat >"$dir/data.ldif" <<LDIF
dn: $REV_LDAP_SUFFIX
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: $REV_LDAP_DN
objectClass: cRLDistributionPoint
cn: Cygnet Revocation CA
certificateRevocationList;binary:< file://$PKI/www/rev.crl
LDIF
	ip netns exec "$SUN" ldapadd -x -H "ldap://$SUN_IP:$REV_LDAP_PORT/" \
		-D "cn=admin,$REV_LDAP_SUFFIX" -w secret -f "$dir/data.ldif" >"$TEST_TMP/ldapadd.log" 2>&1 ||
		{ cat "$TEST_TMP/ldapadd.log" "$TEST_TMP/slapd.log" >&2; fail "ldapadd failed"; }
}

stop_ldap_server() {
	kill "$LDAP_SERVER_PID" 2>/dev/null || true
	wait "$LDAP_SERVER_PID" 2>/dev/null || true
}

# rev_try CERT [WHO]: fresh cygnet on both ends (moon with moon-rev, sun with
# CERT, empty logs), then WHO (moon) runs `ipsec up site`; sets $status.
rev_try() {
	pki_revocation_configure moon moon-rev $(pki_ids moon)
	pki_revocation_configure sun "$1" $(pki_ids sun)
	: >"$DIR_moon/charon.log"
	: >"$DIR_sun/charon.log"
	start_cygnet moon
	start_cygnet sun
	status=0
	cyg "${2:-moon}" up site >"$TEST_TMP/up" 2>&1 || status=$?
}

rev_stop_both() {
	cyg moon stop >/dev/null 2>&1
	cyg sun stop >/dev/null 2>&1
}
