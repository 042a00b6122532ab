#!/bin/bash
# Raw public keys (leftsigkey=/rightsigkey=, no certificates):
#  - cygnet ↔ cygnet with ECDSA keys in PEM files (moon initiates) and with
#    Ed25519 keys, sun naming moon's as 0s<base64> (sun initiates): no CERT
#    payload is sent, the tunnel passes pings, listpubkeys shows the keys;
#  - a rightsigkey= that is not the peer's key is refused by both ends,
#    whoever initiates, and nothing is installed; a value that is no key at
#    all makes `ipsec add` fail naming conn and keyword;
#  - cygnet ↔ strongSwan 5.9.8 with RSA keys, each side initiating (cygnet
#    reads sun's key as a PKCS#1 "RSA PUBLIC KEY" file).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/pki.sh"

KEYS="$TEST_TMP/keys"
mkdir -p "$KEYS"

# rawkey NAME TYPE: $KEYS/NAME.key (the form ipsec.secrets' TYPE reads) and
# $KEYS/NAME.pub.pem (SubjectPublicKeyInfo).
rawkey() {
	case $2 in
	ecdsa) openssl ecparam -genkey -name prime256v1 -noout -out "$KEYS/$1.key" ;;
	ed25519) openssl genpkey -algorithm ed25519 -out "$KEYS/$1.key" ;;
	rsa) openssl genrsa -traditional -out "$KEYS/$1.key" 2048 2>/dev/null ;;
	esac
	openssl pkey -in "$KEYS/$1.key" -pubout -out "$KEYS/$1.pub.pem" ||
		fail "cannot create key $1"
}

# secret NAME: the ipsec.secrets line for NAME's private key.
secret() {
	case $1 in
	*-ecdsa) echo ": ECDSA $1.key" ;;
	*-ed25519) echo ": PKCS8 $1.key" ;;
	*) echo ": RSA $1.key" ;;
	esac
}

# keyid NAME: SHA-1 of NAME's SubjectPublicKeyInfo as listpubkeys prints it.
keyid() {
	openssl pkey -pubin -in "$KEYS/$1.pub.pem" -outform DER | sha1sum |
		cut -c1-40 | sed 's/../&:/g; s/:$//'
}

# conn_lines ROLE MYKEY PEERKEY: the raw key lines of ROLE's conn.
conn_lines() {
	local me=moon peer=sun
	[ "$1" = sun ] && me=sun peer=moon
	echo "authby=pubkey"
	echo "leftid=@$me.example.org"
	echo "rightid=@$peer.example.org"
	echo "leftsigkey=$2.pub.pem"
	echo "rightsigkey=$3"
}

# configure_raw ROLE MYKEY PEERKEY: ROLE's cygnet signs with MYKEY and
# trusts PEERKEY (a file under ipsec.d/certs or an encoded value).
configure_raw() {
	local role=$1 conf ip net rip rnet
	conf=$(eval echo "\$CONF_$role")
	rm -f "$conf"/ipsec.d/private/* "$conf"/ipsec.d/certs/*
	cp "$KEYS/$2.key" "$conf/ipsec.d/private/"
	chmod 600 "$conf/ipsec.d/private/$2.key"
	cp "$KEYS"/*.pem "$conf/ipsec.d/certs/"
	if [ "$role" = moon ]; then
		site_conf "$MOON_IP" "$MOON_NET" "$SUN_IP" "$SUN_NET" $(conn_lines "$@") >"$conf/ipsec.conf"
	else
		site_conf "$SUN_IP" "$SUN_NET" "$MOON_IP" "$MOON_NET" $(conn_lines "$@") >"$conf/ipsec.conf"
	fi
	secret "$2" >"$conf/ipsec.secrets"
	chmod 600 "$conf/ipsec.secrets"
	pki_cygnet_plugins "$role"
}

restart_both() {
	cyg moon stop >/dev/null 2>&1 || true
	cyg sun stop >/dev/null 2>&1 || true
	: >"$DIR_moon/charon.log"
	: >"$DIR_sun/charon.log"
	start_cygnet moon
	start_cygnet sun
}

# no_certs_sent ROLE: ROLE authenticated without certificates.
no_certs_sent() {
	local logf
	logf=$(eval echo "\$DIR_$1")/charon.log
	assert_not_contains "$logf" "sending end entity cert"
	assert_not_contains "$logf" "received end entity cert"
	assert_contains "$logf" "using trusted public key"
}

netns_pair
cygnet_instance moon moon
cygnet_instance sun sun
for k in moon-ecdsa sun-ecdsa other-ecdsa moon-ed25519 sun-ed25519 moon-rsa sun-rsa; do
	rawkey "$k" "${k#*-}"
done

log "ECDSA keys in PEM files, moon initiates"
configure_raw moon moon-ecdsa sun-ecdsa.pub.pem
configure_raw sun sun-ecdsa moon-ecdsa.pub.pem
restart_both
cyg moon up site >"$TEST_TMP/up" 2>&1 ||
	{ cat "$TEST_TMP/up"; tail -30 "$DIR_sun/charon.log"; fail "[ecdsa] ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
cyg moon statusall >"$TEST_TMP/moon.status"
cyg sun statusall >"$TEST_TMP/sun.status"
assert_established "$TEST_TMP/moon.status"
assert_established "$TEST_TMP/sun.status"
for role in moon sun; do
	peer=sun
	[ $role = sun ] && peer=moon
	logf=$(eval echo "\$DIR_$role")/charon.log
	assert_contains "$logf" "authentication of '$role\.example\.org' \(myself\) with ECDSA_WITH_SHA256_DER successful"
	assert_contains "$logf" "authentication of '$peer\.example\.org' with ECDSA_WITH_SHA256_DER successful"
	no_certs_sent $role
done
cyg moon listpubkeys >"$TEST_TMP/pubkeys" 2>&1 || fail "listpubkeys failed"
assert_contains "$TEST_TMP/pubkeys" "List of Raw Public Keys"
assert_contains "$TEST_TMP/pubkeys" "subject: +\"sun\.example\.org\""
assert_contains "$TEST_TMP/pubkeys" "subject: +\"moon\.example\.org\""
assert_contains "$TEST_TMP/pubkeys" "pubkey: +ECDSA 256 bits$"
assert_contains "$TEST_TMP/pubkeys" "pubkey: +ECDSA 256 bits, has private key"
assert_contains "$TEST_TMP/pubkeys" "keyid: +$(keyid sun-ecdsa)"
assert_contains "$TEST_TMP/pubkeys" "keyid: +$(keyid moon-ecdsa)"
cyg moon listpubkeys --json >"$TEST_TMP/pubkeys.json" 2>&1 || fail "listpubkeys --json failed"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); k=[x for x in d["pubkeys"] if x["subject"]=="sun.example.org"]; assert k and k[0]["pubkey"]=="ECDSA" and k[0]["keyid"]==sys.argv[2], d' \
	"$TEST_TMP/pubkeys.json" "$(keyid sun-ecdsa)" || { cat "$TEST_TMP/pubkeys.json"; fail "listpubkeys --json"; }
cyg moon listall >"$TEST_TMP/listall" 2>&1
assert_contains "$TEST_TMP/listall" "List of Raw Public Keys"
cyg moon down site >/dev/null 2>&1 || fail "[ecdsa] ipsec down failed"

log "Ed25519 keys, sun names moon's as 0s<base64>, sun initiates"
configure_raw moon moon-ed25519 sun-ed25519.pub.pem
configure_raw sun sun-ed25519 \
	"0s$(openssl pkey -pubin -in "$KEYS/moon-ed25519.pub.pem" -outform DER | base64 -w0)"
restart_both
cyg sun up site >"$TEST_TMP/up" 2>&1 ||
	{ cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "[ed25519] ipsec up failed"; }
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
assert_contains "$DIR_moon/charon.log" "authentication of 'sun\.example\.org' with ED25519 successful"
assert_contains "$DIR_sun/charon.log" "authentication of 'moon\.example\.org' with ED25519 successful"
no_certs_sent moon
no_certs_sent sun
cyg sun listpubkeys >"$TEST_TMP/pubkeys" 2>&1
assert_contains "$TEST_TMP/pubkeys" "keyid: +$(keyid moon-ed25519)"
cyg sun down site >/dev/null 2>&1 || fail "[ed25519] ipsec down failed"

log "moon's rightsigkey is not sun's key: refused both ways"
configure_raw moon moon-ecdsa other-ecdsa.pub.pem
configure_raw sun sun-ecdsa moon-ecdsa.pub.pem
restart_both
rc=0
cyg moon up site >"$TEST_TMP/up" 2>&1 || rc=$?
[ "$rc" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted sun's key as initiator"; }
assert_contains "$DIR_moon/charon.log" "signature validation with ECDSA_WITH_SHA256_DER failed for 'sun\.example\.org'"
wait_for 5 bash -c "! ip netns exec $SUN env IPSEC_CONFDIR=$CONF_sun IPSEC_PIDDIR=$PID_sun $IPSEC status | grep -qE 'ESTABLISHED|INSTALLED'" ||
	fail "sun kept its half of the refused SA"
assert_refused moon sun
: >"$DIR_moon/charon.log"
rc=0
cyg sun up site >"$TEST_TMP/up" 2>&1 || rc=$?
[ "$rc" != 0 ] || { cat "$TEST_TMP/up"; fail "moon accepted sun's key as responder"; }
assert_contains "$TEST_TMP/up" "AUTHENTICATION_FAILED"
assert_contains "$DIR_moon/charon.log" "signature validation with ECDSA_WITH_SHA256_DER failed for 'sun\.example\.org'"
assert_refused moon sun

log "a value that is no key: the conn is refused"
cat >>"$CONF_moon/ipsec.conf" <<CONF

conn bad
	left=$MOON_IP
	right=192.0.2.3
	authby=pubkey
	rightsigkey=missing.pem
	auto=ignore
CONF
rc=0
cyg moon add bad >"$TEST_TMP/add" 2>&1 || rc=$?
[ "$rc" != 0 ] || { cat "$TEST_TMP/add"; fail "a conn with a missing rightsigkey file was added"; }
assert_contains "$TEST_TMP/add" "conn 'bad': rightsigkey=missing\.pem: cannot read public key file"
cyg moon statusall >"$TEST_TMP/moon.status" 2>&1
assert_not_contains "$TEST_TMP/moon.status" "^ +bad:"
cyg moon stop >/dev/null 2>&1
cyg sun stop >/dev/null 2>&1

# --- strongSwan ---
if ! command -v ipsec >/dev/null || [ ! -x /usr/lib/ipsec/charon ]; then
	log "strongSwan not installed, skipping the interoperability part"
	exit 0
fi
# one strongSwan at a time on this host, and never someone else's
wait_for 120 bash -c "! pgrep -f '^/usr/lib/ipsec/(charon|starter)' >/dev/null" ||
	fail "another strongSwan is running: $(pgrep -af '^/usr/lib/ipsec/(charon|starter)')"

wait_down() {
	wait_for 5 bash -c "! ip netns exec $SUN ipsec status | grep -q ESTABLISHED" ||
		fail "[$1] strongSwan kept the SA"
	wait_for 5 bash -c "! ip netns exec $MOON env IPSEC_CONFDIR=$CONF_moon IPSEC_PIDDIR=$PID_moon $IPSEC status | grep -q ESTABLISHED" ||
		fail "[$1] cygnet kept the SA"
}

openssl rsa -pubin -in "$KEYS/sun-rsa.pub.pem" -RSAPublicKey_out -out "$KEYS/sun-rsa.pkcs1.pem" 2>/dev/null ||
	fail "cannot write sun's PKCS#1 public key"
configure_raw moon moon-rsa sun-rsa.pkcs1.pem
strongswan_instance "$SUN"
mkdir -p "$SS_ETC/ipsec.d"/{cacerts,certs,private,crls}
cp "$KEYS/sun-rsa.key" "$SS_ETC/ipsec.d/private/"
chmod 600 "$SS_ETC/ipsec.d/private/sun-rsa.key"
cp "$KEYS/sun-rsa.pub.pem" "$KEYS/moon-rsa.pub.pem" "$SS_ETC/ipsec.d/certs/"
site_conf "$SUN_IP" "$SUN_NET" "$MOON_IP" "$MOON_NET" \
	$(conn_lines sun sun-rsa moon-rsa.pub.pem) >"$SS_ETC/ipsec.conf"
secret sun-rsa >"$SS_ETC/ipsec.secrets"
: >"$DIR_moon/charon.log"
: >"$TEST_TMP/strongswan.log"
start_strongswan "$SUN"
start_cygnet moon

log "RSA keys: cygnet initiates to strongSwan"
cyg moon up site >"$TEST_TMP/up" 2>&1 ||
	{ cat "$TEST_TMP/up"; tail -30 "$TEST_TMP/strongswan.log"; fail "[strongSwan] cygnet's ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
cyg moon statusall >"$TEST_TMP/moon.status"
assert_established "$TEST_TMP/moon.status"
assert_contains "$DIR_moon/charon.log" "authentication of 'sun\.example\.org' with RSA_EMSA_PKCS1_SHA2_256 successful"
assert_contains "$TEST_TMP/strongswan.log" "authentication of 'moon\.example\.org' with RSA_EMSA_PKCS1_SHA2_256 successful"
no_certs_sent moon
cyg moon down site >/dev/null 2>&1 || fail "[strongSwan] ipsec down failed"
wait_down cygnet

log "RSA keys: strongSwan initiates to cygnet"
: >"$DIR_moon/charon.log"
in_ns "$SUN" ipsec up site >"$TEST_TMP/up" 2>&1 || true
grep -q "established successfully" "$TEST_TMP/up" ||
	{ cat "$TEST_TMP/up"; tail -30 "$DIR_moon/charon.log"; fail "[strongSwan] strongSwan's ipsec up failed"; }
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
cyg moon statusall >"$TEST_TMP/moon.status"
assert_established "$TEST_TMP/moon.status"
assert_contains "$DIR_moon/charon.log" "authentication of 'sun\.example\.org' with RSA_EMSA_PKCS1_SHA2_256 successful"
no_certs_sent moon
in_ns "$SUN" ipsec down site >/dev/null 2>&1
wait_down strongSwan
cyg moon stop >/dev/null 2>&1
in_ns "$SUN" ipsec stop >/dev/null 2>&1
