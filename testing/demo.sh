#!/bin/bash
# The demo: two hosts in network namespaces bring up an IKEv2 tunnel with
# cygnet, ping through it, show the status on both ends and tear it down.
#   testing/demo.sh PREFIX
PREFIX=$1
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/netns.sh"
. "$(dirname "$0")/lib/tunnel.sh"

show() { echo; echo "[$1] \$ ipsec ${*:2}"; cyg "$@"; }

netns_pair
cygnet_instance moon moon
configure_cygnet moon
cygnet_instance sun sun
configure_cygnet sun
start_cygnet moon
start_cygnet sun

show moon up site || fail "ipsec up site failed"
echo
echo "[moon] \$ ping -c 3 -I $MOON_INNER $SUN_INNER"
in_ns "$MOON" ping -c 3 -W 2 -I "$MOON_INNER" "$SUN_INNER" || fail "no traffic through the tunnel"
show moon statusall
show sun status
show moon down site
show sun status
echo
echo "demo finished: tunnel up, traffic through it, torn down cleanly"
