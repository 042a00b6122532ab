#!/bin/bash
# leftupdown: moon's script (with an argument) is run when the CHILD_SA
# comes up and when it goes down, with strongSwan's PLUTO_* environment
# (verb, conn, addresses, IDs, client subnets, reqid, unique id, UDP
# encapsulation, interface). sun has no leftupdown and runs the installed
# default _updown, which must not fail.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/traps.sh"

netns_pair
cygnet_instance moon moon
script="$TEST_TMP/updown.sh"
out="$TEST_TMP/updown.env"
cat >"$script" <<SCRIPT
#!/bin/sh
echo "== \$PLUTO_VERB \$*" >>"$out"
env | sort >>"$out"
echo "-- end \$PLUTO_VERB" >>"$out"
SCRIPT
chmod 755 "$script"
configure_cygnet moon "$TEST_PSK" "leftupdown=\"$script first-arg\""
cygnet_instance sun sun
configure_cygnet sun
start_cygnet sun
start_cygnet moon

cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up failed"; }
wait_for 5 grep -q "^-- end up-client" "$out" || fail "the updown script did not run on up"
status moon "$TEST_TMP/moon.up"
reqid=$(grep -oE 'INSTALLED, TUNNEL, reqid [0-9]+' "$TEST_TMP/moon.up" | grep -oE '[0-9]+$')
ike_id=$(grep -oE 'site\[[0-9]+\]: ESTABLISHED' "$TEST_TMP/moon.up" | grep -oE '[0-9]+' | head -1)
dev=$(ip -n "$MOON" -o addr show to "$MOON_IP" | awk '{print $2}')
cp "$out" "$TEST_TMP/env.up"
for v in "PLUTO_VERSION=1.1" "PLUTO_VERB=up-client" "PLUTO_CONNECTION=site" \
	 "PLUTO_ME=$MOON_IP" "PLUTO_PEER=$SUN_IP" "PLUTO_MY_ID=$MOON_IP" "PLUTO_PEER_ID=$SUN_IP" \
	 "PLUTO_MY_CLIENT=$MOON_NET" "PLUTO_MY_CLIENT_NET=198.51.100.0" \
	 "PLUTO_MY_CLIENT_MASK=255.255.255.192" "PLUTO_PEER_CLIENT=$SUN_NET" \
	 "PLUTO_PEER_CLIENT_NET=198.51.100.64" "PLUTO_PEER_CLIENT_MASK=255.255.255.192" \
	 "PLUTO_MY_PORT=0" "PLUTO_PEER_PORT=0" "PLUTO_MY_PROTOCOL=0" "PLUTO_PEER_PROTOCOL=0" \
	 "PLUTO_PROTO=esp" "PLUTO_REQID=$reqid" "PLUTO_UNIQUEID=$ike_id" "PLUTO_UDP_ENC=4500" \
	 "PLUTO_INTERFACE=$dev"; do
	assert_contains "$TEST_TMP/env.up" "^$v\$"
done
assert_contains "$TEST_TMP/env.up" "^== up-client first-arg\$"
assert_contains "$TEST_TMP/env.up" "^PATH="
[ "$(grep -c '^== ' "$TEST_TMP/env.up")" = 1 ] || fail "the script ran more than once on up"

cyg moon down site >/dev/null 2>&1 || fail "ipsec down failed"
wait_for 5 grep -q "^-- end down-client" "$out" || fail "the updown script did not run on down"
sed -n '/^== down-client/,$p' "$out" >"$TEST_TMP/env.down"
for v in "PLUTO_VERB=down-client" "PLUTO_CONNECTION=site" "PLUTO_PEER=$SUN_IP" \
	 "PLUTO_MY_CLIENT=$MOON_NET" "PLUTO_PEER_CLIENT=$SUN_NET" "PLUTO_REQID=$reqid"; do
	assert_contains "$TEST_TMP/env.down" "^$v\$"
done
[ "$(grep -c '^== ' "$out")" = 2 ] || fail "the script did not run exactly twice"

# sun ran the default script, quietly
wait_for 5 no_sa sun || fail "sun kept the SA"
assert_not_contains "$DIR_sun/charon.log" "updown: .*(failed|not found)"
assert_not_contains "$DIR_moon/charon.log" "updown: .*failed"
