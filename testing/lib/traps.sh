# Helpers for the trap, dead peer and updown scenarios (5x-*.sh). Source
# after common.sh, netns.sh and tunnel.sh.

# set_conn ROLE KEY=VALUE: replace (or add) a keyword of conn site in
# ROLE's cygnet ipsec.conf.
set_conn() {
	local conf key=${2%%=*}
	conf="$(eval echo "\$CONF_$1")/ipsec.conf"
	if grep -qE "^[[:space:]]+$key=" "$conf"; then
		sed -i -E "s|^([[:space:]]+)$key=.*|\1$2|" "$conf"
	else
		printf '\t%s\n' "$2" >>"$conf"
	fi
}

# set_ss_conn KEY=VALUE: the same for the strongSwan configuration ($SS_ETC).
set_ss_conn() {
	local conf="$SS_ETC/ipsec.conf" key=${1%%=*}
	if grep -qE "^[[:space:]]+$key=" "$conf"; then
		sed -i -E "s|^([[:space:]]+)$key=.*|\1$1|" "$conf"
	else
		printf '\t%s\n' "$1" >>"$conf"
	fi
}

# set_retransmit ROLE TIMEOUT TRIES: charon's retransmission settings.
set_retransmit() {
	local conf
	conf="$(eval echo "\$CONF_$1")/cygnet.conf"
	sed -i -E "s/retransmit_timeout = .*/retransmit_timeout = $2/; s/retransmit_tries = .*/retransmit_tries = $3/" "$conf"
}

# status ROLE [OUT]: ipsec statusall of ROLE (into OUT, else stdout).
status() {
	if [ $# -gt 1 ]; then
		cyg "$1" statusall >"$2" 2>&1 || true
	else
		cyg "$1" statusall 2>&1 || true
	fi
}

# has ROLE PATTERN: statusall of ROLE matches the extended regex.
has() { status "$1" | grep -qE -- "$2"; }

# established ROLE: site's IKE_SA and CHILD_SA are up on ROLE.
established() { has "$1" "site\[[0-9]+\]: ESTABLISHED" && has "$1" "site\{[0-9]+\}: +INSTALLED"; }

# no_sa ROLE: ROLE has neither an IKE_SA nor a CHILD_SA for site.
no_sa() { ! has "$1" "site\[[0-9]+\]: |site\{[0-9]+\}: +(INSTALLED|REKEY)"; }

# routed ROLE: site's trap is installed on ROLE.
routed() { has "$1" "site\{[0-9]+\}: +ROUTED, TUNNEL"; }

# ping_once NS SRC DST: one ping, its outcome as status (a lost one is fine).
ping_once() { ip netns exec "$1" ping -n -c1 -W1 -I "$2" "$3" >/dev/null 2>&1; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# kill_cygnet ROLE: SIGKILL starter (so it restarts nothing) and charon.
kill_cygnet() {
	local dir starter charon
	dir=$(eval echo "\$PID_$1")
	starter=$(cat "$dir/starter.charon.pid" 2>/dev/null || true)
	charon=$(cat "$dir/charon.pid" 2>/dev/null || true)
	[ -n "$charon" ] || fail "no charon pid for $1"
	[ -z "$starter" ] || kill -KILL "$starter" 2>/dev/null || true
	kill -KILL "$charon"
	wait_for 5 bash -c "! kill -0 $charon 2>/dev/null" || fail "charon of $1 did not die"
}

# With KEEP_LOGS=DIR set, the scenario's files are kept there (debugging).
if [ -n "${KEEP_LOGS:-}" ]; then
	on_exit "rm -rf $KEEP_LOGS; cp -r $TEST_TMP $KEEP_LOGS"
fi
