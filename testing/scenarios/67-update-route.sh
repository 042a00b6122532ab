#!/bin/bash
# An auto=route conn removed by `ipsec update` takes its trap and the SA
# the trap brought up with it (on both ends); a routed conn left unchanged
# keeps its trap and its SA.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

netns_pair
lc_addresses
cygnet_instance moon moon
cygnet_instance sun sun
starter_log moon
lc_secrets moon
lc_secrets sun
{
	lc_header
	lc_conn sun keep "$MOON_NET" "$SUN_NET" add
	lc_conn sun gone "$NET2_MOON" "$NET2_SUN" add
} >"$CONF_sun/ipsec.conf"
{
	lc_header
	lc_conn moon keep "$MOON_NET" "$SUN_NET" route
	lc_conn moon gone "$NET2_MOON" "$NET2_SUN" route
} >"$CONF_moon/ipsec.conf"
start_cygnet sun
start_cygnet moon
routed() { cyg moon statusall 2>/dev/null | grep -qE "^ *$1\{[0-9]+\}: +ROUTED"; }
routed keep || { echo "no trap policies in this build"; exit 77; }
routed gone || fail "conn 'gone' not routed"

# traffic triggers both SAs
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
ping_through "$MOON" "$IN2_MOON" "$IN2_SUN"
wait_up moon keep
wait_up moon gone
keep_spis=$(sa_spis moon keep)

{
	lc_header
	lc_conn moon keep "$MOON_NET" "$SUN_NET" route
} >"$CONF_moon/ipsec.conf"
cyg moon update >/dev/null 2>&1 || fail "ipsec update failed"
wait_log moon "update: 0 added, 1 removed, 0 changed, 1 unchanged" 1
routed gone && fail "the trap of 'gone' is still installed"
wait_for 5 not has_sa moon gone || fail "moon still has the SA of 'gone'"
wait_for 5 not has_sa sun gone || fail "sun still has the SA of 'gone'"
routed keep || fail "the trap of 'keep' went away"
[ "$(sa_spis moon keep)" = "$keep_spis" ] || fail "the SA of 'keep' changed"
if in_ns "$MOON" ping -c1 -W1 -I "$IN2_MOON" "$IN2_SUN" >/dev/null 2>&1; then
	fail "traffic of the removed conn still flows"
fi
has_sa moon gone && fail "traffic of the removed conn brought an SA up"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
