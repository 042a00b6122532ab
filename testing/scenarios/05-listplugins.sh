#!/bin/bash
# `ipsec listplugins` shows each plugin with the features it provides.
. "$(dirname "$0")/../lib/common.sh"
instance host
write_cygnet_conf "random nonce openssl"
"$IPSEC" listplugins >"$TEST_TMP/list"
assert_contains "$TEST_TMP/list" "^List of loaded Plugins:"
assert_contains "$TEST_TMP/list" "^openssl:"
assert_contains "$TEST_TMP/list" "^    CRYPTER:AES_CBC"
assert_contains "$TEST_TMP/list" "^    AEAD:AES_GCM_16"
assert_contains "$TEST_TMP/list" "^    KE:CURVE_25519"
assert_contains "$TEST_TMP/list" "^    KE:MODP_3072"
assert_contains "$TEST_TMP/list" "^random:"
assert_not_contains "$TEST_TMP/list" "disabled"
