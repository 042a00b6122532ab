#!/bin/bash
# ipsec listcounters [name] / resetcounters [name]: IKE messages in and out
# per exchange and direction, counted process-wide and per conn (a
# responder counts the requests that come before it knows the conn, its
# IKE_SA_INIT and IKE_AUTH, globally only), with strongSwan's names.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/traps.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon
cygnet_instance sun sun
configure_cygnet sun
start_cygnet sun
start_cygnet moon

# counter ROLE NAME [CONN]: the value of one counter.
counter() {
	cyg "$1" listcounters ${3:-} | awk -v n="$2" '$1 == n { print $2 }'
}
expect() {
	local got
	got=$(counter "$1" "$2" "${4:-}")
	[ "$got" = "$3" ] || fail "$1 ${4:-global} $2 is '$got', expected $3"
}

cyg moon listcounters >"$TEST_TMP/zero" || fail "listcounters failed"
assert_contains "$TEST_TMP/zero" "^List of IKE counters:"
for c in ike-rekey-init ike-rekey-resp child-rekey invalid invalid-spi ike-init-in-req \
	 ike-init-in-resp ike-init-out-req ike-init-out-resp ike-auth-in-req ike-auth-in-resp \
	 ike-auth-out-req ike-auth-out-resp create-child-in-req create-child-in-resp \
	 create-child-out-req create-child-out-resp info-in-req info-in-resp info-out-req \
	 info-out-resp retransmits; do
	assert_contains "$TEST_TMP/zero" "^$c +0$"
done
cyg moon listcounters site >"$TEST_TMP/none" 2>&1 || fail "listcounters of a loaded conn failed"
assert_contains "$TEST_TMP/none" "^List of IKE counters for 'site':"
cyg moon listcounters bogus >"$TEST_TMP/bogus" 2>&1 && fail "listcounters of an unknown conn succeeded"
assert_contains "$TEST_TMP/bogus" "no counters found for 'bogus'"

cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up failed"; }
expect moon ike-init-out-req 1
expect moon ike-init-in-resp 1
expect moon ike-auth-out-req 1
expect moon ike-auth-in-resp 1
expect moon ike-init-out-req 1 site
expect moon ike-auth-in-resp 1 site
expect sun ike-init-in-req 1
expect sun ike-init-out-resp 1
expect sun ike-auth-in-req 1
expect sun ike-auth-out-resp 1
expect sun ike-init-in-req 0 site
expect sun ike-auth-in-req 0 site
expect sun ike-auth-out-resp 1 site

cyg moon down site >/dev/null 2>&1 || fail "ipsec down failed"
wait_for 5 no_sa sun || fail "sun kept the SA"
expect moon info-out-req 1 site
expect moon info-in-resp 1
expect sun info-in-req 1 site
expect sun info-out-resp 1

cyg moon resetcounters site >/dev/null 2>&1 || fail "resetcounters site failed"
expect moon ike-auth-out-req 0 site
expect moon ike-auth-out-req 1
cyg moon listcounters --json >"$TEST_TMP/json" || fail "listcounters --json failed"
assert_contains "$TEST_TMP/json" "\"ike-auth-out-req\": 1"
cyg moon resetcounters >/dev/null 2>&1 || fail "resetcounters failed"
expect moon ike-auth-out-req 0
expect moon ike-init-out-req 0
