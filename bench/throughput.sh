#!/bin/bash
# Bulk traffic through an established tunnel, cygnet ↔ cygnet (kernel-libesp)
# against strongSwan ↔ strongSwan (kernel-libipsec) in the same run, for
# AES-GCM-128 and ChaCha20-Poly1305 ESP. iperf3 from moon's inner address to
# sun's, SECONDS per measurement (default 10):
#
#   tcp   one TCP stream: Mbit/s the receiver got
#   udp   UDP datagrams of 1300 bytes as fast as iperf3 sends (-b 0): Mbit/s
#         delivered and the share lost
#
# Packets/s count the inner packets the receiving daemon wrote into its TUN
# device (sun's rx counter); CPU % sums both daemons (100 = one core). The
# implementations alternate measurement by measurement. Usage:
#
#   bench/throughput.sh PREFIX [SECONDS]
set -eu
[ $# -ge 1 ] || { echo "usage: $0 PREFIX [SECONDS]" >&2; exit 2; }
PREFIX=$(cd "$1" && pwd)
export PREFIX
T=${2:-10}
. "$(dirname "$0")/lib.sh"
bench_require
command -v iperf3 >/dev/null || { echo "iperf3 is not installed (scripts/install-deps)" >&2; exit 77; }
[ "$T" -ge 1 ] && [ "$T" -le 60 ] || fail "SECONDS must be within 1..60"
UDP_LEN=1300
PORT=5201

# name ike esp; one conn site per algorithm: the daemons restart with each
# (a responder chooses among conns of the same peers by the first match,
# so two conns that differ only in proposals would not both work)
ALGS=(
	"gcm aes128gcm16-prfsha256-x25519 aes128gcm16"
	"chacha chacha20poly1305-prfsha256-x25519 chacha20poly1305"
)

# configure ROLE IKE ESP
configure() {
	local role=$1 etc
	etc=$(etc_of "$role")
	case $role in
	*moon) site_conf "$MOON_IP" "$MOON_NET" "$SUN_IP" "$SUN_NET" "ike=$2!" "esp=$3!" >"$etc/ipsec.conf" ;;
	*) site_conf "$SUN_IP" "$SUN_NET" "$MOON_IP" "$MOON_NET" "ike=$2!" "esp=$3!" >"$etc/ipsec.conf" ;;
	esac
	site_secrets >"$etc/ipsec.secrets"
	chmod 600 "$etc/ipsec.secrets"
}

setup() {
	local t
	bench_pair c
	bench_pair s
	bench_cygnet cmoon
	bench_cygnet csun
	ss_iso_configure smoon
	ss_iso_configure ssun
	for t in c s; do
		ip netns exec "$(eval echo "\$${t^^}SUN")" iperf3 -s -B "$SUN_INNER" -p $PORT \
			>"$TEST_TMP/iperf3-$t.out" 2>&1 &
		on_exit "kill $!"
		wait_for 5 bash -c "ip netns exec $(eval echo "\$${t^^}SUN") ss -ltn | grep -q ':$PORT '" ||
			fail "iperf3 server did not start"
	done
}

# cpu_ticks PID…: user + system clock ticks used so far, summed
cpu_ticks() {
	local p sum=0 f
	for p in "$@"; do
		read -ra f <"/proc/$p/stat"
		# fields 14 and 15, counted after the parenthesised name
		sum=$((sum + f[13] + f[14]))
	done
	echo $sum
}

# tun_rx NS: packets the daemon wrote into its TUN device so far
tun_rx() {
	ip -n "$1" -j -d -s link show | python3 -c '
import json, sys
for l in json.load(sys.stdin):
    if l.get("linkinfo", {}).get("info_kind") == "tun":
        print(l["stats64"]["rx"]["packets"]); break
else:
    print(0)'
}

# measure IMPL(c|s) ALG tcp|udp: appends "mbps pps lost cpu" to $TEST_TMP/res.IMPL.ALG.PROTO
measure() {
	local t=$1 alg=$2 proto=$3 moon sun json mbps lost pps cpu
	local pids ticks0 ticks1 rx0 rx1 t0 t1 hz
	moon=$(eval echo "\$${t^^}MOON")
	sun=$(eval echo "\$${t^^}SUN")
	pids="$(charon_pid "${t}moon") $(charon_pid "${t}sun")"
	json="$TEST_TMP/$t.$alg.$proto.json"
	local args=(-c "$SUN_INNER" -B "$MOON_INNER" -p "$PORT" -t "$T" -J)
	[ "$proto" = udp ] && args+=(-u -b 0 -l "$UDP_LEN")
	# shellcheck disable=SC2086
	ticks0=$(cpu_ticks $pids)
	rx0=$(tun_rx "$sun")
	t0=$EPOCHREALTIME
	ip netns exec "$moon" iperf3 "${args[@]}" >"$json" 2>"$json.err" || true
	t1=$EPOCHREALTIME
	rx1=$(tun_rx "$sun")
	# shellcheck disable=SC2086
	ticks1=$(cpu_ticks $pids)
	hz=$(getconf CLK_TCK)
	read -r mbps lost < <(python3 -c '
import json, sys
try:
    e = json.load(open(sys.argv[1]))["end"]["sum_received"]
    print("%.1f %.1f" % (e["bits_per_second"] / 1e6, e.get("lost_percent", 0)))
except Exception:
    print("- -")' "$json")
	if [ "$mbps" = - ]; then
		echo "$t/$alg/$proto: iperf3 failed:" >&2
		tail -5 "$json.err" "$json" >&2
		return 0
	fi
	read -r pps cpu < <(awk -v r=$((rx1 - rx0)) -v c=$((ticks1 - ticks0)) -v hz="$hz" \
		-v a="${t0/./}" -v b="${t1/./}" 'BEGIN {
		s = (b - a) / 1e6; printf "%.0f %.0f\n", r / s, 100 * c / hz / s }')
	echo "$mbps $pps $lost $cpu" >>"$TEST_TMP/res.$t.$alg.$proto"
}

# up IMPL IKE ESP: (re)start both daemons with these proposals, bring up site
up() {
	local t=$1 role out="$TEST_TMP/up.$1"
	for role in ${t}moon ${t}sun; do
		bench_stop $role
		configure $role "$2" "$3"
		bench_start $role
	done
	in_role "${t}moon" ipsec up site >"$out" 2>&1 && grep -q "established successfully" "$out" ||
		{ cat "$out" >&2; fail "$t: ipsec up site failed with $3"; }
}

setup
for a in "${ALGS[@]}"; do
	read -r alg ike esp <<<"$a"
	log "$esp: ${T} s per measurement"
	up c "$ike" "$esp"
	up s "$ike" "$esp"
	for proto in tcp udp; do
		measure c "$alg" "$proto"
		measure s "$alg" "$proto"
	done
done

echo
echo "ESP throughput through the tunnel, iperf3 ${T} s, cygnet (kernel-libesp) / strongSwan 5.9.8 (kernel-libipsec)"
printf '%-24s %10s %10s %6s %9s %9s %6s %8s %8s\n' "" "cyg Mbit/s" "ss Mbit/s" "ratio" \
	"cyg pkt/s" "ss pkt/s" "ratio" "cyg CPU%" "ss CPU%"
for a in "${ALGS[@]}"; do
	read -r alg _ esp <<<"$a"
	for proto in tcp udp; do
		c="- - - -" s="- - - -"
		[ -f "$TEST_TMP/res.c.$alg.$proto" ] && c=$(cat "$TEST_TMP/res.c.$alg.$proto")
		[ -f "$TEST_TMP/res.s.$alg.$proto" ] && s=$(cat "$TEST_TMP/res.s.$alg.$proto")
		read -r cm cp cl cc <<<"$c"
		read -r sm sp sl sc <<<"$s"
		printf '%-24s %10s %10s %6s %9s %9s %6s %8s %8s\n' "$esp $proto" "$cm" "$sm" \
			"$(ratio "$cm" "$sm")" "$cp" "$sp" "$(ratio "$cp" "$sp")" "$cc" "$sc"
		if [ "$proto" = udp ]; then
			printf '%-24s %s\n' "" "datagrams lost: cygnet $cl%, strongSwan $sl%"
		fi
		echo "SUMMARY throughput ${esp}_${proto}_mbps $cm $sm $(ratio "$cm" "$sm")" >>"$TEST_TMP/summary"
		echo "SUMMARY throughput ${esp}_${proto}_pps $cp $sp $(ratio "$cp" "$sp")" >>"$TEST_TMP/summary"
	done
done
cat "$TEST_TMP/summary"
