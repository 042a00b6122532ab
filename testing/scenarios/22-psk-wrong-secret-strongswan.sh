#!/bin/bash
# A wrong PSK between cygnet and strongSwan is refused whoever initiates,
# and neither end installs anything.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
command -v ipsec >/dev/null && [ -x /usr/lib/ipsec/charon ] || { echo "strongSwan not installed"; exit 77; }

netns_pair
cygnet_instance moon moon
configure_cygnet moon "cygnet-side-secret-0123456789"
configure_strongswan sun "strongswan-side-secret-98765"
start_strongswan "$SUN"
start_cygnet moon

status=0
cyg moon up site >"$TEST_TMP/up1" 2>&1 || status=$?
[ "$status" != 0 ] || fail "cygnet's ipsec up succeeded with a wrong PSK"
# strongSwan's `ipsec up` exits 0 even when it fails: judge by its output
in_ns "$SUN" ipsec up site >"$TEST_TMP/up2" 2>&1 || true
assert_contains "$TEST_TMP/up2" "received AUTHENTICATION_FAILED notify error"
assert_contains "$TEST_TMP/up2" "establishing connection 'site' failed"
assert_contains "$DIR_moon/charon.log" "MAC mismatched"
assert_contains "$TEST_TMP/strongswan.log" "MAC mismatched"
sleep 1
cyg moon statusall >"$TEST_TMP/moon.status"
in_ns "$SUN" ipsec statusall >"$TEST_TMP/sun.status"
assert_no_sa "$TEST_TMP/moon.status"
assert_no_sa "$TEST_TMP/sun.status"
in_ns "$MOON" ip xfrm state >"$TEST_TMP/xfrm" 2>&1 || true
[ ! -s "$TEST_TMP/xfrm" ] || fail "kernel state installed"
