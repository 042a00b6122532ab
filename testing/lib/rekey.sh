# Helpers for the rekeying scenarios (40-rekey-*.sh). Source after tunnel.sh.

# Lifetimes short enough to see both SAs rekey within ~25 s, without jitter.
REKEY_CONN=(ikelifetime=20s lifetime=10s margintime=3s rekeyfuzz=0% reauth=no)

# ike_spis FILE: the "IKEv2 SPIs" pair of the site IKE_SA in a statusall.
ike_spis() {
	grep -oE 'IKEv2 SPIs: [0-9a-f]{16}_i\*? [0-9a-f]{16}_r\*?' "$1" | head -1
}

# child_spis FILE: the "SPIs: x_i y_o" of the site CHILD_SAs in a statusall.
child_spis() {
	grep -oE 'SPIs: [0-9a-f]{8}_i [0-9a-f]{8}_o' "$1" | sort | tr '\n' ' '
}

# ping_loss NS SRC DST SECONDS OUT: ping every 0.2 s for SECONDS; prints the
# number of lost packets (from ping's summary) into OUT when done.
ping_background() {
	local ns=$1 src=$2 dst=$3 secs=$4 out=$5
	ip netns exec "$ns" ping -n -i 0.2 -W 1 -c $((secs * 5)) -I "$src" "$dst" >"$out" 2>&1 &
	PING_PID=$!
	on_exit "kill $PING_PID"
}

# lost_packets FILE: transmitted - received from ping's summary line.
lost_packets() {
	local sent got
	sent=$(sed -nE 's/^([0-9]+) packets transmitted.*/\1/p' "$1")
	got=$(sed -nE 's/.* ([0-9]+) (packets )?received.*/\1/p' "$1")
	[ -n "$sent" ] && [ -n "$got" ] || { echo 9999; return; }
	echo $((sent - got))
}

# assert_rekeyed BEFORE AFTER: both the IKE and the CHILD_SA SPIs changed.
assert_rekeyed() {
	local before=$1 after=$2
	[ -n "$(ike_spis "$after")" ] || fail "no IKE_SA after rekeying: $(cat "$after")"
	[ "$(ike_spis "$before")" != "$(ike_spis "$after")" ] ||
		fail "IKE_SA SPIs unchanged: $(ike_spis "$after")"
	[ -n "$(child_spis "$after")" ] || fail "no CHILD_SA after rekeying: $(cat "$after")"
	[ "$(child_spis "$before")" != "$(child_spis "$after")" ] ||
		fail "CHILD_SA SPIs unchanged: $(child_spis "$after")"
}

# With KEEP_LOGS=DIR set, the scenario's files are kept there (debugging).
if [ -n "${KEEP_LOGS:-}" ]; then
	on_exit "rm -rf $KEEP_LOGS; cp -r $TEST_TMP $KEEP_LOGS"
fi
