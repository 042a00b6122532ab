#!/bin/sh
# Build a throw-away test PKI with the openssl CLI into $1 (for the
# credential unit tests; keys are for tests only).
#
#   ca        RSA-3072 root "C=CH, O=Cygnet Test, CN=Cygnet Root CA"
#   im        P-384 intermediate below ca, pathlen 0
#   im2       P-256 CA below im (breaks im's pathlen: chains through it fail)
#   rsa       RSA-2048 end entity (ca), SANs moon.example.com, moon@example.com, 192.0.2.1
#   rsa3072   RSA-3072 end entity (ca)
#   ec        P-256 end entity (im), SAN sun.example.com
#   ec384     P-384 end entity (ca)
#   ed25519   Ed25519 end entity (ca);   ed448  Ed448 end entity (ca)
#   expired   RSA end entity (ca) valid 2020-2021
#   badku     RSA end entity (ca) keyUsage keyEncipherment only
#   revoked   RSA end entity (ca), revoked in crl.pem (and crl.der)
#   deep      P-256 end entity below im2 (pathlen violation)
#   evilca, evil   a self-signed CA nobody trusts and its end entity
# Keys: NAME.key (PKCS#8 PEM), NAME.der (PKCS#8 DER), rsa.pkcs1.pem/.der,
# rsa.pkcs1pub.der (RSAPublicKey),
# ec.sec1.pem, rsa.enc.pem / ec.enc.der (encrypted PKCS#8, passphrase
# "test secret"), rsa.legacy.pem (OpenSSL's legacy PEM encryption, same
# passphrase), rsa.p12 (passphrase "p12 secret", with ca), NAME.pub.der
# and ec.pub.pem (public keys). Certificates: NAME.crt (PEM), NAME.crt.der.
# Signatures of data.txt: rsa.sha256.sig, rsa.pss384.sig, ec.sha256.sig
# (DER), ed25519.sig, ed448.sig. CRL: crl.pem, crl.der.
set -e
dir=$1
[ -n "$dir" ] || { echo "usage: $0 DIR" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"

cat > ca.cnf <<'CNF'
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
default_days = 365
default_crl_days = 30
policy = policy_any
unique_subject = no
copy_extensions = none
preserve = yes
[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_im ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_ee ]
basicConstraints = CA:false
keyUsage = digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::SAN
crlDistributionPoints = URI:http://crl.example.com/ca.crl
[ v3_badku ]
basicConstraints = CA:false
keyUsage = keyEncipherment
subjectAltName = $ENV::SAN
[ crl_ext ]
authorityKeyIdentifier = keyid
CNF

mkca() {
	# mkca NAME: fresh CA database in NAME.db
	mkdir -p "$1.db/newcerts"
	: > "$1.db/index.txt"
	echo 1000 > "$1.db/serial"
	echo 01 > "$1.db/crlnumber"
}

key() {
	# key NAME ALG [OPTS]
	name=$1; alg=$2; shift 2
	openssl genpkey -algorithm "$alg" "$@" -out "$name.key" 2>/dev/null
	openssl pkcs8 -topk8 -nocrypt -in "$name.key" -outform DER -out "$name.der"
}

sign() {
	# sign NAME ISSUER SUBJECT EXT [openssl ca options]
	name=$1; issuer=$2; subj=$3; ext=$4; shift 4
	openssl req -new -config ca.cnf -key "$name.key" -subj "$subj" -out "$name.csr"
	(cd "$issuer.db" && openssl ca -batch -config ../ca.cnf -notext \
		-keyfile "../$issuer.key" -cert "../$issuer.crt" -extensions "$ext" \
		-in "../$name.csr" -out "../$name.crt" "$@" 2>/dev/null)
	openssl x509 -in "$name.crt" -outform DER -out "$name.crt.der"
}

selfsign() {
	# selfsign NAME SUBJECT
	name=$1; subj=$2
	mkca "$name"
	openssl req -new -config ca.cnf -key "$name.key" -subj "$subj" -out "$name.csr"
	(cd "$name.db" && openssl ca -batch -config ../ca.cnf -notext -selfsign \
		-keyfile "../$name.key" -extensions v3_ca -days 3650 \
		-in "../$name.csr" -out "../$name.crt" 2>/dev/null)
	openssl x509 -in "$name.crt" -outform DER -out "$name.crt.der"
}

export SAN=DNS:unused.example.com

key ca RSA -pkeyopt rsa_keygen_bits:3072
selfsign ca "/C=CH/O=Cygnet Test/CN=Cygnet Root CA"

key im EC -pkeyopt ec_paramgen_curve:P-384
sign im ca "/C=CH/O=Cygnet Test/CN=Cygnet Intermediate CA" v3_im
mkca im

key im2 EC -pkeyopt ec_paramgen_curve:P-256
sign im2 im "/C=CH/O=Cygnet Test/CN=Cygnet Sub CA" v3_im
mkca im2

key rsa RSA -pkeyopt rsa_keygen_bits:2048
SAN="DNS:moon.example.com, email:moon@example.com, IP:192.0.2.1" \
	sign rsa ca "/C=CH/O=Cygnet Test/CN=moon.example.com" v3_ee

key rsa3072 RSA -pkeyopt rsa_keygen_bits:3072
SAN="DNS:rsa3072.example.com" sign rsa3072 ca "/C=CH/O=Cygnet Test/CN=rsa3072" v3_ee

key ec EC -pkeyopt ec_paramgen_curve:P-256
SAN="DNS:sun.example.com" sign ec im "/C=CH/O=Cygnet Test/CN=sun.example.com" v3_ee

key ec384 EC -pkeyopt ec_paramgen_curve:P-384
SAN="DNS:ec384.example.com" sign ec384 ca "/C=CH/O=Cygnet Test/CN=ec384" v3_ee

key ed25519 ED25519
SAN="DNS:ed25519.example.com" sign ed25519 ca "/C=CH/O=Cygnet Test/CN=ed25519" v3_ee

key ed448 ED448
SAN="DNS:ed448.example.com" sign ed448 ca "/C=CH/O=Cygnet Test/CN=ed448" v3_ee

key expired RSA -pkeyopt rsa_keygen_bits:2048
SAN="DNS:expired.example.com" sign expired ca "/C=CH/O=Cygnet Test/CN=expired" v3_ee \
	-startdate 200101000000Z -enddate 210101000000Z

key badku RSA -pkeyopt rsa_keygen_bits:2048
SAN="DNS:badku.example.com" sign badku ca "/C=CH/O=Cygnet Test/CN=badku" v3_badku

key revoked RSA -pkeyopt rsa_keygen_bits:2048
SAN="DNS:revoked.example.com" sign revoked ca "/C=CH/O=Cygnet Test/CN=revoked" v3_ee

key deep EC -pkeyopt ec_paramgen_curve:P-256
SAN="DNS:deep.example.com" sign deep im2 "/C=CH/O=Cygnet Test/CN=deep" v3_ee

key evilca EC -pkeyopt ec_paramgen_curve:P-256
selfsign evilca "/C=CH/O=Evil/CN=Cygnet Root CA"
key evil EC -pkeyopt ec_paramgen_curve:P-256
SAN="DNS:evil.example.com" sign evil evilca "/C=CH/O=Evil/CN=evil.example.com" v3_ee

(cd ca.db && openssl ca -config ../ca.cnf -keyfile ../ca.key -cert ../ca.crt \
	-revoke ../revoked.crt -crl_reason keyCompromise 2>/dev/null &&
 openssl ca -config ../ca.cnf -keyfile ../ca.key -cert ../ca.crt -gencrl \
	-crlexts crl_ext -out ../crl.pem 2>/dev/null)
openssl crl -in crl.pem -outform DER -out crl.der

# other key encodings
openssl rsa -in rsa.key -traditional -out rsa.pkcs1.pem 2>/dev/null
openssl rsa -in rsa.key -traditional -outform DER -out rsa.pkcs1.der 2>/dev/null
openssl rsa -in rsa.key -RSAPublicKey_out -outform DER -out rsa.pkcs1pub.der 2>/dev/null
openssl ec -in ec.key -out ec.sec1.pem 2>/dev/null
openssl pkcs8 -topk8 -in rsa.key -v2 aes-256-cbc -passout "pass:test secret" -out rsa.enc.pem
openssl pkcs8 -topk8 -in ec.key -v2 aes-128-cbc -passout "pass:test secret" \
	-outform DER -out ec.enc.der
openssl pkcs12 -export -inkey rsa.key -in rsa.crt -certfile ca.crt \
	-passout "pass:p12 secret" -out rsa.p12
openssl rsa -in rsa.key -traditional -aes256 -passout "pass:test secret" \
	-out rsa.legacy.pem 2>/dev/null
openssl pkey -in ec.key -pubout -out ec.pub.pem

# public keys (SubjectPublicKeyInfo DER) and signatures made by openssl
printf 'signed by the openssl command line\n' > data.txt
for k in rsa ec ec384 ed25519 ed448; do
	openssl pkey -in $k.key -pubout -outform DER -out $k.pub.der
done
openssl dgst -sha256 -sign rsa.key -out rsa.sha256.sig data.txt
openssl dgst -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
	-sign rsa.key -out rsa.pss384.sig data.txt
openssl dgst -sha256 -sign ec.key -out ec.sha256.sig data.txt
openssl pkeyutl -sign -rawin -inkey ed25519.key -in data.txt -out ed25519.sig
openssl pkeyutl -sign -rawin -inkey ed448.key -in data.txt -out ed448.sig
rm -f ./*.csr
