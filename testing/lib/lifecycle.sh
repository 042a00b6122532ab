# Helpers for the daemon lifecycle scenarios (6x-*.sh): starter logging to
# a file, several conns between moon and sun (netns.sh), SPIs and pids.
# Source after common.sh, netns.sh and tunnel.sh.

# More site pairs next to netns.sh's 198.51.100.0/26 === 198.51.100.64/26,
# all in documentation ranges: NETn_MOON/NETn_SUN with inner addresses.
NET2_MOON=198.51.100.128/26 NET2_SUN=198.51.100.192/26
IN2_MOON=198.51.100.129 IN2_SUN=198.51.100.193
NET3_MOON=203.0.113.0/26 NET3_SUN=203.0.113.64/26
IN3_MOON=203.0.113.1 IN3_SUN=203.0.113.65
NET4_MOON=203.0.113.128/26 NET4_SUN=203.0.113.192/26
IN4_MOON=203.0.113.129 IN4_SUN=203.0.113.193

# lc_addresses: the inner addresses of the extra site pairs on lo.
lc_addresses() {
	local a
	for a in "$IN2_MOON" "$IN3_MOON" "$IN4_MOON"; do
		ip -n "$MOON" addr add "$a/32" dev lo
	done
	for a in "$IN2_SUN" "$IN3_SUN" "$IN4_SUN"; do
		ip -n "$SUN" addr add "$a/32" dev lo
	done
}

# role_var ROLE VAR: the value of VAR_ROLE (CONF, PID, DIR).
role_var() { eval echo "\$${2}_$1"; }

# starter_log ROLE: ROLE's starter logs to $DIR_ROLE/starter.log (there is
# no syslog daemon in the test namespaces).
starter_log() {
	cat >>"$(role_var "$1" CONF)/cygnet.conf" <<CONF
starter {
	filelog {
		log {
			path = $(role_var "$1" DIR)/starter.log
			default = 2
			flush_line = yes
		}
	}
}
CONF
}

# lc_header: config setup and the PSK defaults.
lc_header() {
	printf 'config setup\n\nconn %%default\n\tkeyexchange=ikev2\n\tauthby=secret\n'
}

# lc_conn ROLE NAME MOON_NET SUN_NET AUTO [extra lines…]: one conn as ROLE
# sees it (left is ROLE). Each conn has identities of its own
# (@moon.NAME, @sun.NAME): the responder picks its conn by identity.
lc_conn() {
	local role=$1 name=$2 mnet=$3 snet=$4 auto=$5 line; shift 5
	printf '\nconn %s\n' "$name"
	if [ "$role" = moon ]; then
		printf '\tleft=%s\n\tleftsubnet=%s\n\tleftid=@moon.%s\n' "$MOON_IP" "$mnet" "$name"
		printf '\tright=%s\n\trightsubnet=%s\n\trightid=@sun.%s\n' "$SUN_IP" "$snet" "$name"
	else
		printf '\tleft=%s\n\tleftsubnet=%s\n\tleftid=@sun.%s\n' "$SUN_IP" "$snet" "$name"
		printf '\tright=%s\n\trightsubnet=%s\n\trightid=@moon.%s\n' "$MOON_IP" "$mnet" "$name"
	fi
	printf '\tauto=%s\n' "$auto"
	for line in "$@"; do
		printf '\t%s\n' "$line"
	done
}

# lc_secrets ROLE: one PSK for every identity.
lc_secrets() {
	local conf
	conf=$(role_var "$1" CONF)
	printf ': PSK "%s"\n' "$TEST_PSK" >"$conf/ipsec.secrets"
	chmod 600 "$conf/ipsec.secrets"
}

# sa_spis ROLE NAME: "IKE_i IKE_r CHILD_i CHILD_o" of conn NAME's SAs in
# ROLE's statusall (empty if it has none).
sa_spis() {
	cyg "$1" statusall 2>/dev/null | sed -nE \
		-e "s/^ *$2\[[0-9]+\]: IKEv2 SPIs: ([0-9a-f]+)_i\*? ([0-9a-f]+)_r.*/\1 \2/p" \
		-e "s/^ *$2\{[0-9]+\}: .*SPIs: ([0-9a-f]+)_i ([0-9a-f]+)_o.*/\1 \2/p" | tr '\n' ' '
}

# is_up ROLE NAME: conn NAME has an established IKE_SA and an installed CHILD_SA.
is_up() {
	local out
	out=$(cyg "$1" statusall 2>/dev/null) || return 1
	grep -qE "^ *$2\[[0-9]+\]: ESTABLISHED" <<<"$out" &&
		grep -qE "^ *$2\{[0-9]+\}: +INSTALLED" <<<"$out"
}

# has_sa ROLE NAME: ROLE has any IKE_SA or CHILD_SA of conn NAME.
has_sa() {
	cyg "$1" statusall 2>/dev/null | grep -qE "^ *$2(\[[0-9]+\]|\{[0-9]+\}):"
}

# is_loaded ROLE NAME: conn NAME is listed under "Connections:".
is_loaded() {
	cyg "$1" statusall 2>/dev/null | grep -qE "^ *$2: +[0-9.%a-z]+\.\.\.[0-9.%a-z]+ +IKEv2"
}

# wait_up ROLE NAME [TIMEOUT]
wait_up() {
	wait_for "${3:-10}" is_up "$1" "$2" || {
		cyg "$1" statusall >&2 || true
		fail "conn $2 did not come up on $1"
	}
}

# log_count ROLE PATTERN: lines of ROLE's starter.log matching PATTERN.
log_count() {
	local n
	n=$(grep -cE -- "$2" "$(role_var "$1" DIR)/starter.log" 2>/dev/null) || true
	echo "${n:-0}"
}

# log_has ROLE PATTERN COUNT: PATTERN matched at least COUNT lines.
log_has() { [ "$(log_count "$1" "$2")" -ge "$3" ]; }

# wait_log ROLE PATTERN COUNT [TIMEOUT]: until PATTERN matched COUNT lines.
wait_log() {
	wait_for "${4:-10}" log_has "$1" "$2" "$3" || {
		tail -30 "$(role_var "$1" DIR)/starter.log" >&2 || true
		fail "starter of $1 did not log '$2' ($3 times)"
	}
}

# not CMD…: succeeds if CMD fails (for wait_for).
not() { ! "$@"; }

# now_ms: a wall clock in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# pid_of ROLE FILE: the pid in ROLE's run directory FILE, empty if none.
pid_of() { cat "$(role_var "$1" PID)/$2" 2>/dev/null || true; }

# alive PID: the process exists (and is not a zombie).
alive() {
	[ -n "$1" ] && [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}
