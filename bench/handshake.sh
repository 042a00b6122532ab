#!/bin/bash
# IKEv2 handshake cost, cygnet ↔ cygnet against strongSwan ↔ strongSwan in
# the same run (PSK, ike=aes128gcm16-prfsha256-x25519, esp=aes128gcm16):
#
#   sequential  N up/down cycles of one site-to-site conn: wall time from
#               `ipsec up` issued until it returns having established the
#               IKE_SA and the CHILD_SA (IKE_SA_INIT + IKE_AUTH, 2 round trips);
#               N more through each implementation's stroke client, which
#               leaves out the front end (strongSwan's is a shell script)
#   burst       M conns (own identities and subnets, so M IKE_SAs) brought up
#               by M parallel `ipsec up`, R rounds: tunnels per second over
#               the rounds where all M came up; the others are counted
#   control     `ipsec status` round trip, to show what the front end costs
#
# The two implementations alternate cycle by cycle. Usage:
#
#   bench/handshake.sh PREFIX [N [M [R]]]      (defaults 50 20 3)
set -eu
[ $# -ge 1 ] || { echo "usage: $0 PREFIX [N [M [ROUNDS]]]" >&2; exit 2; }
PREFIX=$(cd "$1" && pwd)
export PREFIX
N=${2:-50}
M=${3:-20}
R=${4:-3}
. "$(dirname "$0")/lib.sh"
bench_require
[ "$N" -ge 1 ] && [ "$N" -le 1000 ] || fail "N must be within 1..1000"
[ "$M" -ge 1 ] && [ "$M" -le 100 ] || fail "M must be within 1..100"
[ "$R" -ge 1 ] && [ "$R" -le 20 ] || fail "ROUNDS must be within 1..20"

IKE=aes128gcm16-prfsha256-x25519
ESP=aes128gcm16

# conf moon|sun: ipsec.conf, the same for both implementations.
conf() {
	local me=$1 k
	local lip=$MOON_IP rip=$SUN_IP lnet=$MOON_NET rnet=$SUN_NET lb=0 rb=128 l=moon r=sun
	if [ "$me" = sun ]; then
		lip=$SUN_IP rip=$MOON_IP lnet=$SUN_NET rnet=$MOON_NET lb=128 rb=0 l=sun r=moon
	fi
	cat <<CONF
config setup

conn %default
	keyexchange=ikev2
	authby=secret
	ike=$IKE!
	esp=$ESP!
	left=$lip
	right=$rip

conn site
	leftsubnet=$lnet
	rightsubnet=$rnet
	auto=add
CONF
	for ((k = 1; k <= M; k++)); do
		printf '\nconn b%d\n\tleftid=@%s-b%d\n\trightid=@%s-b%d\n' "$k" "$l" "$k" "$r" "$k"
		printf '\tleftsubnet=203.0.113.%d/32\n\trightsubnet=203.0.113.%d/32\n\tauto=add\n' \
			$((lb + k)) $((rb + k))
	done
}

secrets() {
	local k
	site_secrets
	for ((k = 1; k <= M; k++)); do
		printf '@moon-b%d @sun-b%d : PSK "%s"\n' "$k" "$k" "$TEST_PSK"
	done
}

setup() {
	local role etc k ns
	bench_pair c
	bench_pair s
	# strongSwan routes with a source address from the local subnet: each
	# burst conn's addresses exist, on both pairs alike
	for ((k = 1; k <= M; k++)); do
		for ns in "$CMOON" "$SMOON"; do ip -n "$ns" addr add "203.0.113.$k/32" dev lo; done
		for ns in "$CSUN" "$SSUN"; do ip -n "$ns" addr add "203.0.113.$((128 + k))/32" dev lo; done
	done
	bench_cygnet cmoon
	bench_cygnet csun
	ss_iso_configure smoon
	ss_iso_configure ssun
	for role in cmoon csun smoon ssun; do
		etc=$(etc_of $role)
		conf "${role#?}" >"$etc/ipsec.conf"
		secrets >"$etc/ipsec.secrets"
		chmod 600 "$etc/ipsec.secrets"
		bench_start $role
	done
}

# settle MOON SUN: wait until neither side has an SA left.
settle() {
	wait_for 15 quiet "$1" && wait_for 15 quiet "$2"
}

# recover MOON SUN: SAs that do not go away, or a daemon that died, end
# the round: restart both daemons and count it.
recover() {
	echo "$1: SAs left after down or daemon restarted, restarting both daemons" >&2
	echo 1 >>"$TEST_TMP/recover.$1"
	bench_stop "$1"
	bench_stop "$2"
	bench_start "$1"
	bench_start "$2"
}

# pids MOON SUN: both daemons' pids, to notice a crash (starter restarts
# a charon that dies)
pids() { echo "$(charon_pid "$1") $(charon_pid "$2")"; }

# alive PIDS: each of these daemons still runs
alive() {
	local p
	for p in $1; do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = charon ] || return 1
	done
}

# finish MOON SUN PIDS: down happened; settle, or count a crash and recover
finish() {
	if ! alive "$3"; then
		echo 1 >>"$TEST_TMP/crash.$1"
		recover "$1" "$2"
	elif ! settle "$1" "$2"; then
		recover "$1" "$2"
	fi
}

# up_cmd ROLE ipsec|stroke: the command that brings conn site up, through
# the front end or straight through the implementation's stroke client.
up_cmd() {
	case $1:$2 in
	c*:ipsec) echo "ipsec up site" ;;
	c*:stroke) echo "$PREFIX/libexec/ipsec/stroke up name=site" ;;
	s*:ipsec) echo "ipsec up site" ;;
	s*:stroke) echo "/usr/lib/ipsec/stroke up site" ;;
	esac
}

# cycle MOON SUN ipsec|stroke: one timed up of conn site, then down; appends
# the time in ms to $TEST_TMP/KIND.MOON or counts a failure.
cycle() {
	local moon=$1 sun=$2 kind=$3 out="$TEST_TMP/up.$1" us rc before
	before=$(pids "$moon" "$sun")
	# shellcheck disable=SC2046
	read -r us rc < <(timed "$moon" "$out" $(up_cmd "$moon" "$kind"))
	# strongSwan's up exits 0 even when it fails: its output tells
	if [ "$rc" = 0 ] && grep -q "established successfully" "$out"; then
		awk -v u="$us" 'BEGIN { printf "%.3f\n", u / 1000 }' >>"$TEST_TMP/$kind.$moon"
	else
		echo "$moon: up ($kind) failed (exit $rc):" >&2
		tail -5 "$out" >&2
		echo 1 >>"$TEST_TMP/fail.$moon"
	fi
	in_role "$moon" ipsec down site >/dev/null 2>&1 || true
	finish "$moon" "$sun" "$before"
}

# burst MOON SUN: M parallel ups, timed as a whole; appends tunnels/s.
burst() {
	local moon=$1 sun=$2 dir="$TEST_TMP/bdir.$1" us rc ok k ipsec before
	before=$(pids "$moon" "$sun")
	ipsec=$(ipsec_of "$moon")
	mkdir -p "$dir"
	rm -f "$dir"/*
	read -r us rc < <(timed "$moon" "$dir/all" bash -c '
		ipsec=$1 m=$2 dir=$3
		for ((k = 1; k <= m; k++)); do
			"$ipsec" up "b$k" >"$dir/b$k" 2>&1 &
		done
		wait' burst "$ipsec" "$M" "$dir")
	ok=$(grep -l "established successfully" "$dir"/b* 2>/dev/null | wc -l)
	# a short burst has no rate worth comparing: it is counted instead
	if [ "$ok" = "$M" ]; then
		awk -v n="$ok" -v u="$us" 'BEGIN { printf "%.1f\n", n / (u / 1e6) }' >>"$TEST_TMP/burst.$moon"
	else
		echo "$moon: burst established $ok of $M" >&2
		echo "$ok" >>"$TEST_TMP/short.$moon"
	fi
	in_role "$moon" bash -c '
		for ((k = 1; k <= $2; k++)); do "$1" down "b$k" >/dev/null 2>&1 & done
		wait' down "$ipsec" "$M"
	finish "$moon" "$sun" "$before"
}

ctl() {
	local role=$1 us rc
	read -r us rc < <(timed "$role" "$TEST_TMP/ctl.out" ipsec status)
	[ "$rc" = 0 ] && awk -v u="$us" 'BEGIN { printf "%.3f\n", u / 1000 }' >>"$TEST_TMP/ctl.$role"
}

setup
log "sequential: $N cycles each, alternating"
for ((i = 1; i <= N; i++)); do
	cycle cmoon csun ipsec
	cycle smoon ssun ipsec
	cycle cmoon csun stroke
	cycle smoon ssun stroke
done
log "burst: $M tunnels at once, $R rounds each"
for ((i = 1; i <= R; i++)); do
	burst cmoon csun
	burst smoon ssun
done
for ((i = 1; i <= 20; i++)); do
	ctl cmoon
	ctl smoon
done

col() { [ -f "$1" ] && stats <"$1" || echo "- - -"; }
count() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
read -r cs cs_min cs_max < <(col "$TEST_TMP/ipsec.cmoon")
read -r ss ss_min ss_max < <(col "$TEST_TMP/ipsec.smoon")
read -r ck ck_min ck_max < <(col "$TEST_TMP/stroke.cmoon")
read -r sk sk_min sk_max < <(col "$TEST_TMP/stroke.smoon")
read -r cb cb_min cb_max < <(col "$TEST_TMP/burst.cmoon")
read -r sb sb_min sb_max < <(col "$TEST_TMP/burst.smoon")
read -r cc _ _ < <(col "$TEST_TMP/ctl.cmoon")
read -r sc _ _ < <(col "$TEST_TMP/ctl.smoon")

echo
echo "IKEv2 PSK handshakes, ike=$IKE esp=$ESP, cygnet/strongSwan 5.9.8 (medians; min..max)"
printf '%-34s %22s %22s %8s\n' "" "cygnet" "strongSwan" "ratio"
printf '%-34s %8s (%5s..%5s) %8s (%5s..%5s) %8s\n' \
	"up, ms per tunnel (lower better)" "$cs" "$cs_min" "$cs_max" "$ss" "$ss_min" "$ss_max" "$(ratio "$cs" "$ss")"
printf '%-34s %8s (%5s..%5s) %8s (%5s..%5s) %8s\n' \
	"  same, stroke client, no front end" "$ck" "$ck_min" "$ck_max" "$sk" "$sk_min" "$sk_max" "$(ratio "$ck" "$sk")"
printf '%-34s %8s (%5s..%5s) %8s (%5s..%5s) %8s\n' \
	"burst of $M, tunnels/s (full bursts)" "$cb" "$cb_min" "$cb_max" "$sb" "$sb_min" "$sb_max" "$(ratio "$cb" "$sb")"
printf '%-34s %22s %22s %8s\n' "ipsec status, ms (front end)" "$cc" "$sc" "$(ratio "$cc" "$sc")"
printf '%-34s %22s %22s\n' "failed ups / short bursts" \
	"$(count "$TEST_TMP/fail.cmoon") / $(count "$TEST_TMP/short.cmoon")" \
	"$(count "$TEST_TMP/fail.smoon") / $(count "$TEST_TMP/short.smoon")"
printf '%-34s %22s %22s\n' "daemon crashes / restarts by us" \
	"$(count "$TEST_TMP/crash.cmoon") / $(count "$TEST_TMP/recover.cmoon")" \
	"$(count "$TEST_TMP/crash.smoon") / $(count "$TEST_TMP/recover.smoon")"
# one line for bench/run's summary
echo "SUMMARY handshake up_ms $cs $ss $(ratio "$cs" "$ss")"
echo "SUMMARY handshake up_stroke_ms $ck $sk $(ratio "$ck" "$sk")"
echo "SUMMARY handshake burst_tps $cb $sb $(ratio "$cb" "$sb")"
echo "SUMMARY handshake crashes $(count "$TEST_TMP/crash.cmoon") $(count "$TEST_TMP/crash.smoon") -"
