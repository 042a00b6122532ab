#!/bin/bash
# ipsec up and every form of ipsec down (NAME, NAME{n}, NAME{*}, NAME[n],
# NAME[*]) against two cygnet hosts: each closes exactly the SAs it names,
# on both ends, and the exit status says whether it did.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

# expect ROLE STATUS ARGS…: `ipsec ARGS` on ROLE exits STATUS; output in $TEST_TMP/out.
expect() {
	local role=$1 want=$2 rc=0; shift 2
	cyg "$role" "$@" >"$TEST_TMP/out" 2>&1 || rc=$?
	[ "$rc" = "$want" ] || { cat "$TEST_TMP/out" >&2; fail "ipsec $* on $role exited $rc, expected $want"; }
}

# count ROLE PATTERN: lines of `ipsec status` on ROLE matching PATTERN.
count() {
	cyg "$1" status | grep -cE -- "$2" || true
}

# settle ROLE PATTERN N: wait until count ROLE PATTERN is N.
settle() {
	local i
	for i in $(seq 50); do
		[ "$(count "$1" "$2")" = "$3" ] && return 0
		sleep 0.1
	done
	cyg "$1" status >&2
	fail "$1: expected $3 lines matching '$2'"
}

netns_pair
cygnet_instance moon moon
configure_cygnet moon
cygnet_instance sun sun
configure_cygnet sun
start_cygnet moon
start_cygnet sun

log "up: exit 0 once established, 1 for an unknown conn, 2 without a name"
expect moon 0 up site
assert_contains "$TEST_TMP/out" "connection 'site' established successfully"
expect moon 1 up nosuch
assert_contains "$TEST_TMP/out" "nosuch"
expect moon 2 up
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"

log "a second up adds a CHILD_SA to the IKE_SA"
expect moon 0 up site
settle moon 'site\{[0-9]+\}: +INSTALLED' 2
settle sun 'site\{[0-9]+\}: +INSTALLED' 2
[ "$(count moon 'site\[[0-9]+\]: ESTABLISHED')" = 1 ] || fail "more than one IKE_SA"

log "down site{1} closes that CHILD_SA only"
expect moon 0 down 'site{1}'
assert_contains "$TEST_TMP/out" "closed successfully"
settle moon 'site\{1\}:' 0
settle moon 'site\{2\}: +INSTALLED' 1
settle sun 'site\{[0-9]+\}: +INSTALLED' 1
expect moon 1 down 'site{1}'
assert_contains "$TEST_TMP/out" "no CHILD_SA \{1\} found"

log "down site{*} closes every CHILD_SA, the IKE_SA stays"
expect moon 0 up site
settle moon 'site\{[0-9]+\}: +INSTALLED' 2
expect moon 0 down 'site{*}'
settle moon 'INSTALLED' 0
settle sun 'INSTALLED' 0
settle moon 'site\[1\]: ESTABLISHED' 1
settle sun 'site\[[0-9]+\]: ESTABLISHED' 1

log "down site[1] closes the IKE_SA; site[n] that does not exist fails"
expect moon 0 down 'site[1]'
settle moon 'ESTABLISHED' 0
settle sun 'ESTABLISHED' 0
expect moon 1 down 'site[1]'
expect moon 1 down 'site[7]'

log "down site[*] closes every IKE_SA of the conn"
expect moon 0 up site
expect moon 0 down 'site[*]'
settle moon 'ESTABLISHED' 0
settle sun 'ESTABLISHED' 0
expect moon 1 down 'site[*]'

log "down NAME closes the IKE_SA with its CHILD_SAs; malformed forms are usage errors"
expect moon 0 up site
expect moon 0 down site
settle moon 'ESTABLISHED|INSTALLED' 0
settle sun 'ESTABLISHED|INSTALLED' 0
if in_ns "$MOON" ping -c1 -W1 -I "$MOON_INNER" "$SUN_INNER" >/dev/null 2>&1; then
	fail "traffic still flows after down"
fi
expect moon 1 down nosuch
expect moon 2 down 'site{x}'
expect moon 2 down 'site[0]'
expect moon 2 down
expect moon 2 down site extra

log "asynchronous up returns at once, the SA comes up in the background"
expect moon 0 up site --asynchronous
settle moon 'site\{[0-9]+\}: +INSTALLED' 1

log "charon not running: 7"
cyg moon stop >/dev/null 2>&1
expect moon 7 up site
expect moon 7 down site
expect moon 0 stop
