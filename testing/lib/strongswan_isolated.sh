# Debian's strongSwan in a namespace pair of its own, so that several
# instances run at once (netns.sh's strongswan_instance shares /run, hence
# only one strongSwan at a time there).
#
# Each role gets a holder process: it enters ROLE's network namespace,
# unshares a private mount namespace, mounts a tmpfs on /run (pid files,
# charon.ctl) and binds its own ipsec.conf, ipsec.secrets, strongswan.conf
# and ipsec.d over /etc, then sleeps. Every strongSwan command enters both
# namespaces of the holder with nsenter; nothing touches the host's /etc or
# /run.
#
#   ss_iso_configure ROLE [PSK] [extra conn lines…]   write the files
#   ss_iso_start ROLE [PSK] [extra conn lines…]       configure (unless done), start
#   ss_iso ROLE ARGS…                                 ipsec ARGS inside
#   ss_iso_exec ROLE CMD…                             any command inside
#   ss_iso_stop ROLE                                  stop (also run by on_exit)
#
# ROLE is moon or sun, or any name ending in moon or sun whose namespace is
# in the variable named by the upper-cased role (e.g. xmoon in $XMOON); its
# site_conf side follows the ending.
#
# Source after common.sh, netns.sh and tunnel.sh. $SS_ISO_DIR_role is the
# role's directory (its etc/ holds the files, charon.log the log); set
# SS_ISO_CHARON to extra lines for strongswan.conf's charon section and
# SS_ISO_LOG to the default log level (1) before configuring.

SS_ISO_CHARON=${SS_ISO_CHARON:-}
SS_ISO_LOG=${SS_ISO_LOG:-1}

# ss_iso_available: Debian's strongSwan and the tools this file needs exist.
ss_iso_available() {
	command -v ipsec >/dev/null && [ -x /usr/lib/ipsec/charon ] &&
		command -v nsenter >/dev/null && command -v unshare >/dev/null
}

_ss_iso_var() { eval echo "\${$1_$2:-}"; }

# ss_iso_dir ROLE: print the role's directory, created on first use.
ss_iso_dir() {
	local dir="$TEST_TMP/ss-$1"
	mkdir -p "$dir/etc/ipsec.d"/{cacerts,certs,private,crls,ocspcerts,aacerts,acerts}
	echo "$dir"
}

ss_iso_configure() {
	local role=$1 psk=${2:-$TEST_PSK}; shift 2 || shift $#
	local dir etc
	dir=$(ss_iso_dir "$role")
	eval "SS_ISO_DIR_$role=\$dir"
	etc="$dir/etc"
	cat >"$etc/strongswan.conf" <<CONF
charon {
	load_modular = no
	load = random nonce openssl kdf pem pkcs1 x509 revocation constraints pubkey socket-default kernel-libipsec kernel-netlink stroke updown
	retransmit_timeout = 1
	retransmit_tries = 3
	filelog {
		ss {
			path = $dir/charon.log
			default = $SS_ISO_LOG
			flush_line = yes
		}
	}
	plugins {
		kernel-libipsec {
			allow_peer_ts = yes
		}
	}
	$SS_ISO_CHARON
}
CONF
	case $role in
	*moon) site_conf "$MOON_IP" "$MOON_NET" "$SUN_IP" "$SUN_NET" "$@" >"$etc/ipsec.conf" ;;
	*) site_conf "$SUN_IP" "$SUN_NET" "$MOON_IP" "$MOON_NET" "$@" >"$etc/ipsec.conf" ;;
	esac
	site_secrets "$psk" >"$etc/ipsec.secrets"
	chmod 600 "$etc/ipsec.secrets"
}

# _ss_iso_holder ROLE: the holder for ROLE's namespaces; its pid in SS_ISO_PID_role.
_ss_iso_holder() {
	local role=$1 ns dir etc pid
	ns=$(eval echo "\$${role^^}")
	dir=$(_ss_iso_var SS_ISO_DIR "$role")
	etc="$dir/etc"
	rm -f "$dir/holder.ready"
	# ip netns exec and unshare (without --fork) exec in place: $! is the
	# pid that ends up as the sleep holding both namespaces
	ip netns exec "$ns" unshare --mount --propagation private sh -c '
		set -e
		etc=$1 dir=$2
		mount -t tmpfs -o mode=0755 cygnet-ss-run /run
		for f in ipsec.conf ipsec.secrets strongswan.conf ipsec.d; do
			mount --bind "$etc/$f" "/etc/$f"
		done
		: >"$dir/holder.ready"
		exec sleep infinity' holder "$etc" "$dir" >"$dir/holder.out" 2>&1 &
	pid=$!
	eval "SS_ISO_PID_$role=\$pid"
	on_exit "ss_iso_stop $role"
	for _ in $(seq 50); do
		if [ -e "$dir/holder.ready" ]; then
			# kept apart from the holder: cleanup finds strongSwan by it
			# even if the holder is gone
			eval "SS_ISO_MNT_$role=\$(readlink /proc/$pid/ns/mnt)"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$dir/holder.out" >&2
	fail "strongSwan namespace holder for $role did not come up"
}

ss_iso_exec() {
	local role=$1 pid; shift
	pid=$(_ss_iso_var SS_ISO_PID "$role")
	[ -n "$pid" ] || fail "no isolated strongSwan for $role"
	nsenter -t "$pid" -m -n "$@"
}

ss_iso() {
	local role=$1; shift
	ss_iso_exec "$role" ipsec "$@"
}

ss_iso_start() {
	local role=$1 dir
	dir=$(_ss_iso_var SS_ISO_DIR "$role")
	if [ -z "$dir" ] || [ ! -f "$dir/etc/strongswan.conf" ]; then
		ss_iso_configure "$@"
		dir=$(_ss_iso_var SS_ISO_DIR "$role")
	fi
	[ -n "$(_ss_iso_var SS_ISO_PID "$role")" ] || _ss_iso_holder "$role"
	ss_iso "$role" start >"$dir/start.out" 2>&1 ||
		{ cat "$dir/start.out" >&2; fail "strongSwan did not start in $role"; }
	wait_for 10 ss_iso "$role" status || fail "strongSwan charon in $role did not answer"
	# starter loads the conns after charon answers; `ipsec up` before
	# then would meet a peer that knows none
	wait_for 10 _ss_iso_loaded "$role" || fail "strongSwan in $role did not load its conns"
}

# _ss_iso_loaded ROLE: statusall lists every conn of the role's ipsec.conf.
_ss_iso_loaded() {
	local role=$1 dir want have
	dir=$(_ss_iso_var SS_ISO_DIR "$role")
	want=$(awk '$1 == "conn" && $2 != "%default" { n++ } END { print n + 0 }' "$dir/etc/ipsec.conf")
	have=$(ss_iso "$role" statusall 2>/dev/null |
		awk '/^Connections:/ { c = 1; next } /^[A-Z]/ { c = 0 }
		     c && $1 ~ /:$/ { seen[$1] = 1 } END { print length(seen) }')
	[ "$have" -ge "$want" ]
}

# _ss_iso_kill ROLE: end the holder and strongSwan's programs (starter,
# charon) in the role's mount namespace, then forget the holder.
_ss_iso_kill() {
	local role=$1 pid mnt p
	pid=$(_ss_iso_var SS_ISO_PID "$role")
	mnt=$(_ss_iso_var SS_ISO_MNT "$role")
	[ -n "$pid" ] || return 0
	if [ -n "$mnt" ]; then
		for p in /proc/[0-9]*; do
			# the holder, or strongSwan's own programs started in it
			[ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$mnt" ] || continue
			if [ "${p#/proc/}" = "$pid" ] ||
			   grep -q '^/usr/lib/ipsec/' "$p/cmdline" 2>/dev/null; then
				kill "${p#/proc/}" 2>/dev/null || true
			fi
		done
	fi
	for p in $(seq 30); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	eval "SS_ISO_PID_$role= SS_ISO_MNT_$role="
}

ss_iso_stop() {
	local role=$1
	[ -n "$(_ss_iso_var SS_ISO_PID "$role")" ] || return 0
	ss_iso "$role" stop >/dev/null 2>&1 || true
	_ss_iso_kill "$role"
}
