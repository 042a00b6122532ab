#!/bin/bash
# `ipsec update` applies only what changed in ipsec.conf: a new conn comes
# up, a changed conn is replaced (new SAs with the new proposal), a removed
# conn is gone with its SAs on both ends, and the untouched conn keeps its
# SAs with the same SPIs; traffic of the untouched and the new conn flows.
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

# sun answers for all four; moon starts three and gets the fourth on update
{
	lc_header
	lc_conn sun keep "$MOON_NET" "$SUN_NET" add
	lc_conn sun change "$NET2_MOON" "$NET2_SUN" add "esp=aes128-sha256,aes256-sha256"
	lc_conn sun remove "$NET3_MOON" "$NET3_SUN" add
	lc_conn sun new "$NET4_MOON" "$NET4_SUN" add
} >"$CONF_sun/ipsec.conf"
{
	lc_header
	lc_conn moon keep "$MOON_NET" "$SUN_NET" start
	lc_conn moon change "$NET2_MOON" "$NET2_SUN" start "esp=aes128-sha256!"
	lc_conn moon remove "$NET3_MOON" "$NET3_SUN" start
} >"$CONF_moon/ipsec.conf"
start_cygnet sun
start_cygnet moon
for c in keep change remove; do
	wait_up moon "$c"
done
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
keep_moon=$(sa_spis moon keep)
keep_sun=$(sa_spis sun keep)
change_before=$(sa_spis moon change)
log "before: keep $keep_moon / $keep_sun, change $change_before"
[ "$(wc -w <<<"$keep_moon")" = 4 ] || fail "no SPIs for keep: '$keep_moon'"

{
	lc_header
	lc_conn moon keep "$MOON_NET" "$SUN_NET" start
	lc_conn moon change "$NET2_MOON" "$NET2_SUN" start "esp=aes256-sha256!"
	lc_conn moon new "$NET4_MOON" "$NET4_SUN" start
} >"$CONF_moon/ipsec.conf"
cyg moon update >"$TEST_TMP/update" 2>&1 || { cat "$TEST_TMP/update"; fail "ipsec update failed"; }
wait_log moon "update: 1 added, 1 removed, 1 changed, 1 unchanged" 1

# removed: its config and its SAs, here and (by the delete) at sun
wait_for 5 not has_sa moon remove || fail "moon still has SAs of 'remove'"
is_loaded moon remove && fail "conn 'remove' still loaded on moon"
wait_for 5 not has_sa sun remove || fail "sun still has SAs of 'remove'"
is_loaded moon keep || fail "conn 'keep' not loaded any more"

# changed: new SAs with the new proposal
wait_up moon change
change_after=$(sa_spis moon change)
[ "$change_after" != "$change_before" ] || fail "changed conn kept its SAs ($change_after)"
cyg moon statusall >"$TEST_TMP/moon.status"
assert_contains "$TEST_TMP/moon.status" "change\{[0-9]+\}: +AES_CBC_256"

# added: up, and traffic flows through it
wait_up moon new
ping_through "$MOON" "$IN4_MOON" "$IN4_SUN"

# untouched: the very same SAs on both ends, still carrying traffic
[ "$(sa_spis moon keep)" = "$keep_moon" ] || fail "keep changed SPIs on moon: $(sa_spis moon keep) != $keep_moon"
[ "$(sa_spis sun keep)" = "$keep_sun" ] || fail "keep changed SPIs on sun: $(sa_spis sun keep) != $keep_sun"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
assert_contains "$DIR_moon/starter.log" "del_conn: deleted configuration 'remove'"
assert_contains "$DIR_moon/starter.log" "del_conn: closing IKE_SA remove\[[0-9]+\]"
assert_not_contains "$DIR_moon/starter.log" "del_conn: deleted configuration 'keep'"
