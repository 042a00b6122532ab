#!/bin/bash
# `ipsec reload` sends the whole of ipsec.conf again: conns charon lost
# behind starter's back come back (an auto=start one comes up again),
# which `ipsec update` does not do since for it nothing changed; changes
# are applied as by update, and unchanged conns keep their SAs and SPIs.
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
	lc_conn sun site "$MOON_NET" "$SUN_NET" add
	lc_conn sun other "$NET2_MOON" "$NET2_SUN" add
	lc_conn sun third "$NET3_MOON" "$NET3_SUN" add
} >"$CONF_sun/ipsec.conf"
moon_conf() {
	lc_header
	lc_conn moon site "$MOON_NET" "$SUN_NET" start
	lc_conn moon other "$NET2_MOON" "$NET2_SUN" add "$@"
	lc_conn moon third "$NET3_MOON" "$NET3_SUN" start
}
moon_conf >"$CONF_moon/ipsec.conf"
start_cygnet sun
start_cygnet moon
wait_up moon site
wait_up moon third
site_spis=$(sa_spis moon site)

# charon's stroke socket, bypassing starter
stroke_moon() {
	in_ns "$MOON" env IPSEC_CONFDIR="$CONF_moon" IPSEC_PIDDIR="$PID_moon" "$LIBEXEC/stroke" "$@"
}
stroke_moon del_conn name=other >/dev/null || fail "del_conn other failed"
stroke_moon del_conn name=third >/dev/null || fail "del_conn third failed"
is_loaded moon other && fail "other still loaded after del_conn"
wait_for 5 not has_sa moon third || fail "del_conn left the SA of 'third'"

# update sees no difference in the file and restores nothing
cyg moon update >/dev/null || fail "ipsec update failed"
wait_log moon "update: 0 added, 0 removed, 0 changed, 3 unchanged" 1
is_loaded moon other && fail "update restored 'other'"

# reload does
cyg moon reload >"$TEST_TMP/reload" 2>&1 || fail "ipsec reload failed: $(cat "$TEST_TMP/reload")"
wait_log moon "reload: 0 added, 0 removed, 0 changed, 3 unchanged" 1
is_loaded moon other || fail "reload did not restore 'other'"
wait_up moon third
[ "$(sa_spis moon site)" = "$site_spis" ] || fail "reload changed the SPIs of 'site'"
assert_not_contains "$DIR_moon/starter.log" "del_conn: deleted configuration 'site'"
[ "$(log_count moon "up 'site'")" = 1 ] || fail "reload initiated 'site' again"

# a change is applied by reload as by update
moon_conf "esp=aes256-sha256!" >"$CONF_moon/ipsec.conf"
cyg moon reload >/dev/null || fail "second ipsec reload failed"
wait_log moon "reload: 0 added, 0 removed, 1 changed, 2 unchanged" 1
assert_contains "$DIR_moon/starter.log" "del_conn: deleted configuration 'other'"
[ "$(sa_spis moon site)" = "$site_spis" ] || fail "the second reload changed the SPIs of 'site'"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
