# A test PKI built with the openssl CLI when a scenario runs (no key material
# is kept in the tree), and certificate tunnels between moon and sun.
# Source after common.sh, netns.sh and tunnel.sh.
#
#   pki_create                                   build the PKI into $PKI
#   pki_configure_cygnet ROLE CERT [lines…]      ipsec.conf/secrets/ipsec.d
#   pki_configure_strongswan ROLE CERT [lines…]  the same for strongSwan
#   pki_ids ROLE, pki_dn CERT, pki_scheme KIND   identities, DNs, log names
#   assert_refused ROLE…                         no SA, no traffic
#
# pki_create fills $PKI with:
#
#   Cygnet Root CA (RSA) ─┬─ Cygnet Intermediate CA (ECDSA P-256) ─┬─ moon-{rsa,ecdsa,ed25519}
#                         │                                        ├─ sun-{rsa,ecdsa,ed25519}
#                         │                                        ├─ sun-expired   (expired in 2020)
#                         │                                        ├─ sun-revoked   (listed in int.crl.pem)
#                         │                                        └─ sun-wrongid   (CN/SAN mars.example.org)
#   Untrusted Root CA ────── {moon,sun}-untrusted (right subject and SANs, wrong CA)
#
# End-entity subjects are "C=CH, O=Cygnet Test, OU=<KIND>, CN=<host>.example.org"
# with SANs DNS:<host>.example.org, IP:192.0.2.1 (moon) / 192.0.2.2 (sun) and
# email:<host>@example.org. For NAME in the list above, $PKI/NAME.pem is the
# certificate and $PKI/NAME.key the private key: RSA in PKCS#1, ECDSA in SEC1,
# Ed25519 in PKCS#8 (the forms `: RSA`, `: ECDSA` and `: PKCS8` in
# ipsec.secrets read). root.pem, int.pem and untrusted.pem are the CA
# certificates; root.crl.pem and int.crl.pem their CRLs.

PKI_O="C=CH, O=Cygnet Test"
ROOT_DN="C=CH, O=Cygnet Test, CN=Cygnet Root CA"
INT_DN="C=CH, O=Cygnet Test, CN=Cygnet Intermediate CA"
UNTRUSTED_DN="C=CH, O=Cygnet Test, CN=Untrusted Root CA"
# credential plugins a cygnet instance loads (if installed)
PKI_CYGNET_PLUGINS="pem pkcs1 pkcs8 x509 revocation constraints pubkey"

# openssl wants "/C=CH/O=…" on the command line
_pki_subj() { echo "/$1" | sed 's/, /\//g'; }

# _pki_ca_db NAME: the files `openssl ca` keeps for CA NAME.
_pki_ca_db() {
	local dir="$PKI/$1.db"
	mkdir -p "$dir/new"
	: >"$dir/index.txt"
	echo 1000 >"$dir/serial"
	echo 1000 >"$dir/crlnumber"
	cat >"$dir/ca.cnf" <<CNF
[ ca ]
default_ca = this
[ this ]
dir = $dir
database = $dir/index.txt
new_certs_dir = $dir/new
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = $PKI/$1.pem
private_key = $PKI/$1.key
default_md = sha256
default_days = 30
default_crl_days = 30
policy = any
unique_subject = no
copy_extensions = none
preserve = yes
crl_extensions = crl_ext
[ any ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[ crl_ext ]
authorityKeyIdentifier = keyid:always
[ ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ee_ext ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::PKI_SAN}
CNF
}

# _pki_ca CA ARGS…: openssl ca for CA NAME (quiet unless it fails).
_pki_ca() {
	local ca=$1; shift
	PKI_SAN=${PKI_SAN:-"DNS:unused.example.org"} openssl ca -batch -notext \
		-config "$PKI/$ca.db/ca.cnf" "$@" >"$PKI/ca.log" 2>&1 || { cat "$PKI/ca.log" >&2; return 1; }
}

# _pki_key FILE TYPE: a new private key (rsa, ecdsa or ed25519).
_pki_key() {
	case $2 in
	rsa) openssl genrsa -traditional -out "$1" 2048 2>/dev/null ;;
	ecdsa) openssl ecparam -genkey -name prime256v1 -noout -out "$1" ;;
	ed25519) openssl genpkey -algorithm ed25519 -out "$1" ;;
	*) fail "unknown key type $2" ;;
	esac
}

# _pki_self_signed NAME TYPE DN: a root CA.
_pki_self_signed() {
	_pki_key "$PKI/$1.key" "$2"
	openssl req -new -x509 -key "$PKI/$1.key" -subj "$(_pki_subj "$3")" -days 365 \
		-sha256 -set_serial 1 -addext "basicConstraints=critical,CA:true" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-addext "subjectKeyIdentifier=hash" -out "$PKI/$1.pem" 2>/dev/null ||
		fail "pki: cannot create $1"
	_pki_ca_db "$1"
}

# _pki_issue CA NAME TYPE DN EXT SAN [openssl-ca-options…]: sign a new key.
_pki_issue() {
	local ca=$1 name=$2 type=$3 dn=$4 ext=$5 san=$6; shift 6
	_pki_key "$PKI/$name.key" "$type"
	openssl req -new -key "$PKI/$name.key" -subj "$(_pki_subj "$dn")" \
		-out "$PKI/$name.csr" 2>/dev/null || fail "pki: cannot request $name"
	PKI_SAN=$san _pki_ca "$ca" -extensions "$ext" -in "$PKI/$name.csr" \
		-out "$PKI/$name.pem" "$@" || fail "pki: cannot issue $name"
	rm -f "$PKI/$name.csr"
}

# _pki_host_san HOST IP
_pki_host_san() { echo "DNS:$1.example.org, IP:$2, email:$1@example.org"; }

# pki_create: build the whole PKI into $TEST_TMP/pki (about a second).
pki_create() {
	local host ip type
	PKI="$TEST_TMP/pki"
	mkdir -p "$PKI"
	_pki_self_signed root rsa "$ROOT_DN"
	_pki_issue root int ecdsa "$INT_DN" ca_ext ""
	_pki_ca_db int
	for host in moon sun; do
		ip=$MOON_IP
		[ "$host" = sun ] && ip=$SUN_IP
		for type in rsa ecdsa ed25519; do
			_pki_issue int "$host-$type" "$type" \
				"$PKI_O, OU=${type^^}, CN=$host.example.org" ee_ext \
				"$(_pki_host_san "$host" "$ip")"
		done
	done
	_pki_issue int sun-expired rsa "$PKI_O, OU=Expired, CN=sun.example.org" ee_ext \
		"$(_pki_host_san sun "$SUN_IP")" -startdate 20190101000000Z -enddate 20200101000000Z
	_pki_issue int sun-revoked rsa "$PKI_O, OU=Revoked, CN=sun.example.org" ee_ext \
		"$(_pki_host_san sun "$SUN_IP")"
	_pki_issue int sun-wrongid rsa "$PKI_O, OU=RSA, CN=mars.example.org" ee_ext \
		"$(_pki_host_san mars 192.0.2.3)"
	_pki_ca int -revoke "$PKI/sun-revoked.pem" -crl_reason keyCompromise ||
		fail "pki: cannot revoke"
	_pki_ca int -gencrl -out "$PKI/int.crl.pem" || fail "pki: cannot create the intermediate CRL"
	_pki_ca root -gencrl -out "$PKI/root.crl.pem" || fail "pki: cannot create the root CRL"
	_pki_self_signed untrusted rsa "$UNTRUSTED_DN"
	for host in moon sun; do
		ip=$MOON_IP
		[ "$host" = sun ] && ip=$SUN_IP
		_pki_issue untrusted "$host-untrusted" rsa "$PKI_O, OU=RSA, CN=$host.example.org" \
			ee_ext "$(_pki_host_san "$host" "$ip")"
	done
}

# pki_dn NAME: the subject of certificate NAME as ipsec.conf writes it.
pki_dn() {
	openssl x509 -in "$PKI/$1.pem" -noout -subject -nameopt compat,sep_comma_plus_space |
		sed 's/^subject=//'
}

# pki_secret NAME: the ipsec.secrets line for NAME's key file.
pki_secret() {
	case $1 in
	*-ecdsa) echo ": ECDSA $1.key" ;;
	*-ed25519) echo ": PKCS8 $1.key" ;;
	*) echo ": RSA $1.key" ;;
	esac
}

# _pki_install DIR NAME CA…: certificate NAME, its key, the CA certificates
# CA… (trust anchors; intermediates there are also sent to peers, as
# strongSwan does) into the ipsec.d tree DIR, the CRLs of both CAs into crls/.
_pki_install() {
	local dir=$1 name=$2 ca; shift 2
	mkdir -p "$dir"/{cacerts,certs,private,crls}
	rm -f "$dir"/cacerts/* "$dir"/certs/* "$dir"/private/* "$dir"/crls/*
	cp "$PKI/$name.pem" "$dir/certs/$name.pem"
	cp "$PKI/$name.key" "$dir/private/$name.key"
	chmod 600 "$dir/private/$name.key"
	for ca in "$@"; do
		cp "$PKI/$ca.pem" "$dir/cacerts/$ca.pem"
	done
	cp "$PKI/int.crl.pem" "$PKI/root.crl.pem" "$dir/crls/"
}

# _pki_conf ROLE CERT [extra conn lines…]: site_conf authenticating with
# certificate CERT (the lines add leftid=, rightid=, rightca=, …).
_pki_conf() {
	local role=$1 cert=$2; shift 2
	if [ "$role" = moon ]; then
		site_conf "$MOON_IP" "$MOON_NET" "$SUN_IP" "$SUN_NET" "authby=pubkey" \
			"leftcert=$cert.pem" "$@"
	else
		site_conf "$SUN_IP" "$SUN_NET" "$MOON_IP" "$MOON_NET" "authby=pubkey" \
			"leftcert=$cert.pem" "$@"
	fi
}

# pki_ids ROLE: the usual identity lines for ROLE (@moon… and @sun…).
pki_ids() {
	local me=moon peer=sun
	[ "$1" = sun ] && me=sun peer=moon
	echo "leftid=@$me.example.org"
	echo "rightid=@$peer.example.org"
}

# pki_configure_cygnet ROLE CERT [extra conn lines…]: ROLE's cygnet
# instance authenticates with certificate CERT. PKI_CAS names the CA
# certificates in ipsec.d/cacerts ("root int" by default; without int a
# peer's chain verifies only if the peer sends the intermediate).
pki_configure_cygnet() {
	local role=$1 cert=$2 conf
	conf=$(eval echo "\$CONF_$role")
	_pki_install "$conf/ipsec.d" "$cert" ${PKI_CAS:-root int}
	_pki_conf "$@" >"$conf/ipsec.conf"
	pki_secret "$cert" >"$conf/ipsec.secrets"
	chmod 600 "$conf/ipsec.secrets"
	pki_cygnet_plugins "$role"
}

# pki_cygnet_plugins ROLE: load the credential plugins (those installed)
# before stroke, which loads the credentials when it starts.
pki_cygnet_plugins() {
	local conf p extra=""
	conf=$(eval echo "\$CONF_$1")
	grep -q "^\s*load = .* x509 " "$conf/cygnet.conf" && return 0
	for p in $PKI_CYGNET_PLUGINS; do
		[ -e "$PREFIX/lib/ipsec/plugins/libcygnet-$p.so" ] && extra="$extra $p"
	done
	sed -i "s/^\(\s*load = .*\) stroke\b/\1$extra stroke/" "$conf/cygnet.conf"
}

# pki_configure_strongswan ROLE CERT [extra conn lines…]: the same for
# strongSwan in ROLE's namespace (/etc/netns/NS/ipsec.d is bind-mounted
# over /etc/ipsec.d by ip netns exec).
pki_configure_strongswan() {
	local role=$1 cert=$2 ns
	ns=$(eval echo "\$${role^^}")
	strongswan_instance "$ns"
	_pki_install "$SS_ETC/ipsec.d" "$cert" ${PKI_CAS:-root int}
	_pki_conf "$@" >"$SS_ETC/ipsec.conf"
	pki_secret "$cert" >"$SS_ETC/ipsec.secrets"
}

# pki_scheme KIND: the signature scheme both implementations log for a key
# of KIND (rsa, ecdsa, ed25519) with their default settings.
pki_scheme() {
	case $1 in
	rsa) echo "RSA_EMSA_PKCS1_SHA2_256" ;;
	ecdsa) echo "ECDSA_WITH_SHA256_DER" ;;
	ed25519) echo "ED25519" ;;
	esac
}

# assert_refused ROLE…: no SA on the cygnet instances named and no traffic.
assert_refused() {
	local role
	for role in "$@"; do
		cyg "$role" statusall >"$TEST_TMP/$role.status" 2>&1
		assert_no_sa "$TEST_TMP/$role.status"
	done
	if in_ns "$MOON" ping -c1 -W1 -I "$MOON_INNER" "$SUN_INNER" >/dev/null 2>&1; then
		fail "traffic passes without a tunnel"
	fi
}
