#!/bin/sh
# Build the libFuzzer targets straight from the sources (no configure):
#   fuzz/build.sh && ./fuzz_ike_message -max_total_time=60 fuzz/corpus/ike_message
# (likewise fuzz_ipsec_conf, fuzz_stroke_msg, fuzz_cred_decode, fuzz_esp_decap
# for kernel-libesp's inbound ESP path, fuzz_ocsp_response for the
# revocation plugin's OCSP response checks)
# Output goes to the current directory; CC and CFLAGS may be overridden.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-clang}
CFLAGS=${CFLAGS:--g -O1 -fno-omit-frame-pointer}
SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"

cyg=$top/src/libcygnet
charon=$top/src/libcharon

# the parser and what it links against; no plugins, no library_init()
sources="
	$cyg/utils/chunk.c $cyg/utils/memory.c $cyg/utils/status.c
	$cyg/collections/enumerator.c $cyg/collections/linked_list.c
	$cyg/bus/debug.c $cyg/bus/log_bus.c
	$cyg/networking/host.c $cyg/selectors/traffic_selector.c
	$cyg/utils/identification.c $cyg/utils/dn.c
	$cyg/crypto/transform.c
	$charon/config/proposal.c
	$charon/encoding/wire.c $charon/encoding/enc_counters.c $cyg/utils/counter_set.c
	$charon/encoding/payload.c $charon/encoding/sa_payload.c
	$charon/encoding/ke_payload.c $charon/encoding/id_payload.c
	$charon/encoding/cert_payload.c $charon/encoding/auth_payload.c
	$charon/encoding/nonce_payload.c $charon/encoding/notify_payload.c
	$charon/encoding/delete_payload.c $charon/encoding/vendor_payload.c
	$charon/encoding/ts_payload.c $charon/encoding/cp_payload.c
	$charon/encoding/eap_payload.c $charon/encoding/sk_payload.c
	$charon/encoding/frag_buffer.c
	$charon/encoding/message_rules.c $charon/encoding/message.c
"

$CC $CFLAGS $SAN -pthread -I"$cyg" -I"$charon" -I"$charon/tests" \
	-o fuzz_ike_message "$top/fuzz/fuzz_ike_message.c" $sources
echo "built ./fuzz_ike_message"

# ipsec.conf parser (src/starter): its scanner, grammar and keyword table
# are generated first, into a temporary directory
starter=$top/src/starter
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
gperf --output-file="$gen/keywords.c" "$starter/keywords.gperf"
bison -d -Wno-yacc -o "$gen/conf_parser.c" "$starter/conf_parser.y"
(cd "$gen" && flex --noline "$starter/conf_lexer.l" && mv lex.yy.c conf_lexer.c)
$CC $CFLAGS $SAN -pthread -I"$cyg" -I"$starter" -I"$gen" \
	-o fuzz_ipsec_conf "$top/fuzz/fuzz_ipsec_conf.c" \
	"$gen/keywords.c" "$gen/conf_parser.c" "$gen/conf_lexer.c" \
	"$starter/conf.c" "$starter/conf_parse.c" "$starter/conf_resolve.c" \
	"$starter/conf_values.c" "$starter/conf_write.c" "$starter/conf_diff.c" \
	$cyg/utils/chunk.c $cyg/utils/memory.c $cyg/utils/status.c \
	$cyg/collections/enumerator.c $cyg/collections/linked_list.c \
	$cyg/collections/hashtable.c $cyg/bus/debug.c $cyg/bus/log_bus.c
echo "built ./fuzz_ipsec_conf"

# control protocol parser (src/stroke)
$CC $CFLAGS $SAN -pthread -I"$cyg" -I"$top/src/stroke" \
	-o fuzz_stroke_msg "$top/fuzz/fuzz_stroke_msg.c" \
	"$top/src/stroke/stroke_msg.c" "$top/src/stroke/stroke_io.c" \
	$cyg/utils/chunk.c $cyg/utils/memory.c $cyg/utils/status.c \
	$cyg/collections/enumerator.c $cyg/collections/linked_list.c \
	$cyg/collections/hashtable.c $cyg/bus/debug.c $cyg/bus/log_bus.c
echo "built ./fuzz_stroke_msg"

# credential decoders: pem, openssl (keys, X.509, CRLs), gmp RSA keys
plugins=$cyg/plugins
$CC $CFLAGS $SAN -pthread -I"$cyg" -I"$plugins/openssl" -I"$plugins/pem" \
	-I"$plugins/gmp" -o fuzz_cred_decode "$top/fuzz/fuzz_cred_decode.c" \
	$cyg/utils/chunk.c $cyg/utils/memory.c $cyg/utils/status.c \
	$cyg/utils/identification.c $cyg/utils/dn.c $cyg/networking/host.c \
	$cyg/collections/enumerator.c $cyg/collections/linked_list.c \
	$cyg/bus/debug.c $cyg/bus/log_bus.c $cyg/crypto/transform.c \
	$cyg/crypto/crypto_factory.c $cyg/asn1/asn1.c \
	$cyg/credentials/cred_factory.c $cyg/credentials/credential_manager.c \
	$cyg/credentials/trust_chain.c $cyg/credentials/shared_key.c \
	$cyg/credentials/cdp_store.c $cyg/credentials/ocsp_cache.c \
	$cyg/credentials/keys/signature_params.c $cyg/credentials/keys/key_encoding.c \
	$cyg/credentials/certificates/cert_names.c \
	$cyg/credentials/certificates/cert_signature.c \
	$plugins/openssl/openssl_pkey.c $plugins/openssl/openssl_rsa.c \
	$plugins/openssl/openssl_ec.c $plugins/openssl/openssl_ed.c \
	$plugins/openssl/openssl_privkey_load.c $plugins/openssl/openssl_x509.c \
	$plugins/openssl/openssl_crl.c $plugins/openssl/openssl_hasher.c \
	$plugins/openssl/openssl_crypter.c \
	$plugins/pem/pem_armor.c $plugins/pem/pem_decrypt.c $plugins/pem/pem_builder.c \
	$plugins/gmp/gmp_rsa_load.c $plugins/gmp/gmp_rsa_public_key.c \
	$plugins/gmp/gmp_rsa_private_key.c $plugins/gmp/gmp_rsa_emsa.c \
	-lcrypto -lgmp
echo "built ./fuzz_cred_decode"

# kernel-libesp inbound path: UDP-4500 classification, SAD, ESP decap
# (replay window, ICV, trailer), inner selectors against the SPD
esp=$charon/plugins/kernel_libesp
$CC $CFLAGS $SAN -pthread -I"$cyg" -I"$charon" -I"$esp" \
	-o fuzz_esp_decap "$top/fuzz/fuzz_esp_decap.c" \
	$esp/esp_sa.c $esp/esp_aead.c $esp/esp_cbc.c $esp/esp_replay.c \
	$esp/esp_udp.c $esp/esp_flow.c $esp/esp_sad.c $esp/esp_spd.c \
	$cyg/utils/chunk.c $cyg/utils/memory.c $cyg/utils/status.c \
	$cyg/collections/enumerator.c $cyg/collections/linked_list.c \
	$cyg/bus/debug.c $cyg/bus/log_bus.c $cyg/crypto/transform.c \
	-lcrypto
echo "built ./fuzz_esp_decap"

# revocation plugin: OCSP response decoding, signature, nonce and status
# checks of revocation_ocsp_parse(), against requests it built itself; the
# credential sources only satisfy the plugin's fetch-and-cache path
rev=$charon/plugins/revocation
$CC $CFLAGS $SAN -pthread -I"$cyg" -I"$charon" -I"$rev" \
	-o fuzz_ocsp_response "$top/fuzz/fuzz_ocsp_response.c" \
	$rev/revocation_ocsp.c $rev/revocation_uris.c \
	$cyg/utils/chunk.c $cyg/utils/memory.c $cyg/utils/status.c \
	$cyg/utils/identification.c $cyg/utils/dn.c $cyg/networking/host.c \
	$cyg/collections/enumerator.c $cyg/collections/linked_list.c \
	$cyg/collections/hashtable.c \
	$cyg/bus/debug.c $cyg/bus/log_bus.c $cyg/crypto/transform.c \
	$cyg/crypto/crypto_factory.c $cyg/asn1/asn1.c \
	$cyg/credentials/fetcher.c $cyg/credentials/ocsp_cache.c \
	$cyg/credentials/cdp_store.c $cyg/credentials/cred_factory.c \
	$cyg/credentials/credential_manager.c $cyg/credentials/trust_chain.c \
	$cyg/credentials/shared_key.c \
	$cyg/credentials/keys/signature_params.c $cyg/credentials/keys/key_encoding.c \
	$cyg/credentials/certificates/cert_names.c \
	$cyg/credentials/certificates/cert_signature.c \
	-lcrypto
echo "built ./fuzz_ocsp_response"
