# Shared helpers for the tunnel benchmarks (handshake.sh, throughput.sh).
#
# Each implementation gets a namespace pair of its own with the same
# addresses as testing/lib/netns.sh (moon 192.0.2.1, sun 192.0.2.2, inner
# 198.51.100.0/26 and .64/26):
#
#   roles cmoon, csun    cygnet (kernel-libesp), namespaces $CMOON, $CSUN
#   roles smoon, ssun    Debian's strongSwan (kernel-libipsec), $SMOON, $SSUN,
#                        isolated by testing/lib/strongswan_isolated.sh
#
# so both run at once and the benchmarks alternate between them: load from
# elsewhere on the box then hits both alike. Source after setting PREFIX.

here_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here_lib/../testing/lib/common.sh"
. "$here_lib/../testing/lib/netns.sh"
. "$here_lib/../testing/lib/tunnel.sh"
. "$here_lib/../testing/lib/strongswan_isolated.sh"

# Both implementations log at this level to a file, nothing else.
BENCH_LOG=${BENCH_LOG:-1}
# shellcheck disable=SC2034 # read by strongswan_isolated.sh
SS_ISO_LOG=$BENCH_LOG

# BENCH_KEEP=DIR keeps the logs and outputs (copied there at the end).
[ -n "${BENCH_KEEP:-}" ] && on_exit "rm -rf '$BENCH_KEEP'; cp -a '$TEST_TMP' '$BENCH_KEEP'"

bench_require() {
	[ "$(id -u)" = 0 ] || { echo "benchmarks need root (network namespaces)" >&2; exit 77; }
	[ -x "$IPSEC" ] || { echo "no cygnet installed under $PREFIX" >&2; exit 1; }
	ss_iso_available || { echo "Debian's strongSwan is not installed (scripts/install-deps)" >&2; exit 77; }
}

# bench_pair c|s: the namespace pair for cygnet (c) or strongSwan (s).
bench_pair() {
	local t=$1 moon sun
	moon="bench-${t}moon-$$"
	sun="bench-${t}sun-$$"
	ip netns add "$moon"
	on_exit "ip netns del $moon"
	ip netns add "$sun"
	on_exit "ip netns del $sun"
	ip link add "b${t}m$$" netns "$moon" type veth peer name "b${t}s$$" netns "$sun"
	ip -n "$moon" link set lo up
	ip -n "$sun" link set lo up
	ip -n "$moon" addr add "$MOON_IP/24" dev "b${t}m$$"
	ip -n "$sun" addr add "$SUN_IP/24" dev "b${t}s$$"
	ip -n "$moon" link set "b${t}m$$" up
	ip -n "$sun" link set "b${t}s$$" up
	ip -n "$moon" addr add "$MOON_INNER/32" dev lo
	ip -n "$sun" addr add "$SUN_INNER/32" dev lo
	eval "${t^^}MOON=\$moon ${t^^}SUN=\$sun"
	wait_for 5 ip netns exec "$moon" ping -c1 -W1 "$SUN_IP" || fail "veth link does not work"
}

# bench_cygnet ROLE [extra charon lines]: a cygnet instance for cmoon/csun.
bench_cygnet() {
	local role=$1; shift
	instance "$role"
	eval "CONF_$role=\$IPSEC_CONFDIR PID_$role=\$IPSEC_PIDDIR DIR_$role=\$INSTANCE_DIR"
	cat >"$IPSEC_CONFDIR/cygnet.conf" <<CONF
charon {
	load = random nonce openssl socket-default kernel-libesp stroke
	retransmit_timeout = 1
	retransmit_tries = 3
	filelog {
		log {
			path = $INSTANCE_DIR/charon.log
			default = $BENCH_LOG
			flush_line = yes
		}
	}
	$*
}
CONF
	unset IPSEC_CONFDIR IPSEC_PIDDIR
}

# etc_of ROLE: where ROLE's ipsec.conf and ipsec.secrets go.
etc_of() {
	case $1 in
	c*) eval echo "\$CONF_$1" ;;
	s*) echo "$(eval echo "\$SS_ISO_DIR_$1")/etc" ;;
	esac
}

# in_role ROLE CMD…: run CMD in ROLE's namespaces; the word ipsec means
# that implementation's front end.
in_role() {
	local role=$1; shift
	[ "$1" = ipsec ] && { shift; set -- "$(ipsec_of "$role")" "$@"; }
	case $role in
	c*) ip netns exec "$(eval echo "\$${role^^}")" env \
		IPSEC_CONFDIR="$(eval echo "\$CONF_$role")" \
		IPSEC_PIDDIR="$(eval echo "\$PID_$role")" "$@" ;;
	s*) ss_iso_exec "$role" "$@" ;;
	esac
}

ipsec_of() {
	case $1 in
	c*) echo "$IPSEC" ;;
	s*) echo ipsec ;;
	esac
}

# bench_start ROLE: start the daemon of ROLE (configured beforehand).
bench_start() {
	local role=$1
	case $role in
	c*) in_role "$role" ipsec start >"$(eval echo "\$DIR_$role")/start.out" 2>&1 ||
		fail "cygnet did not start in $role"
	    on_exit "in_role $role ipsec stop"
	    wait_for 10 in_role "$role" ipsec status || fail "cygnet in $role does not answer"
	    wait_for 10 loaded "$role" || fail "cygnet in $role did not load its conns" ;;
	s*) ss_iso_start "$role" ;;
	esac
}

# charon_pid ROLE: the pid of ROLE's IKE daemon (empty if it has none)
charon_pid() {
	case $1 in
	c*) cat "$(eval echo "\$PID_$1")/charon.pid" 2>/dev/null || true ;;
	s*) ss_iso_exec "$1" cat /run/charon.pid 2>/dev/null || true ;;
	esac
}

# loaded ROLE: statusall lists every conn of ROLE's ipsec.conf.
loaded() {
	local want have
	want=$(awk '$1 == "conn" && $2 != "%default" { n++ } END { print n + 0 }' "$(etc_of "$1")/ipsec.conf")
	have=$(in_role "$1" ipsec statusall 2>/dev/null |
		awk '/^Connections:/ { c = 1; next } /^[A-Z]/ { c = 0 }
		     c && $1 ~ /:$/ { seen[$1] = 1 } END { print length(seen) }')
	[ "$have" -ge "$want" ]
}

# bench_stop ROLE
bench_stop() {
	case $1 in
	c*) in_role "$1" ipsec stop >/dev/null 2>&1 || true ;;
	s*) ss_iso_stop "$1" ;;
	esac
}

# timed ROLE OUTFILE CMD…: run CMD in ROLE's namespaces with its output in
# OUTFILE; prints "MICROSECONDS EXIT_STATUS". The clock runs inside the
# namespace, so entering it is not counted.
timed() {
	local role=$1 out=$2; shift 2
	[ "$1" = ipsec ] && { shift; set -- "$(ipsec_of "$role")" "$@"; }
	in_role "$role" bash -c '
		out=$1; shift
		t0=$EPOCHREALTIME
		"$@" >"$out" 2>&1
		rc=$?
		t1=$EPOCHREALTIME
		echo $(( ${t1/./} - ${t0/./} )) $rc' timed "$out" "$@"
}

# quiet ROLE: no IKE or CHILD SA of any state is left.
quiet() {
	! in_role "$1" ipsec status 2>/dev/null |
		grep -qE 'ESTABLISHED|CONNECTING|INSTALLED|DELETING|REKEY|PASSIVE'
}

# median/min/max of numbers on stdin (one per line)
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - -"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m, v[1], v[NR] }'
}

# ratio A B: A/B with two decimals, "-" when either is missing or B is 0.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f\n", a / b }'
}
