# Two hosts in network namespaces, joined by a veth pair, each with an inner
# subnet address on lo (as site-to-site users build them):
#
#   moon (192.0.2.1, inner 198.51.100.1/26) ── veth ── sun (192.0.2.2, inner 198.51.100.65/26)
#
# Source after common.sh. Namespaces are removed when the scenario ends.

MOON_IP=192.0.2.1
SUN_IP=192.0.2.2
MOON_NET=198.51.100.0/26
SUN_NET=198.51.100.64/26
MOON_INNER=198.51.100.1
SUN_INNER=198.51.100.65

# netns_pair: create namespaces $MOON and $SUN (unique per scenario run).
netns_pair() {
	local tag=$$
	MOON="cyg-moon-$tag"
	SUN="cyg-sun-$tag"
	ip netns add "$MOON"
	on_exit "ip netns del $MOON"
	ip netns add "$SUN"
	on_exit "ip netns del $SUN"
	ip link add "m$tag" netns "$MOON" type veth peer name "s$tag" netns "$SUN"
	ip -n "$MOON" link set lo up
	ip -n "$SUN" link set lo up
	ip -n "$MOON" addr add "$MOON_IP/24" dev "m$tag"
	ip -n "$SUN" addr add "$SUN_IP/24" dev "s$tag"
	ip -n "$MOON" link set "m$tag" up
	ip -n "$SUN" link set "s$tag" up
	ip -n "$MOON" addr add "$MOON_INNER/32" dev lo
	ip -n "$SUN" addr add "$SUN_INNER/32" dev lo
	wait_for 5 ip netns exec "$MOON" ping -c1 -W1 "$SUN_IP" || fail "veth link does not work"
}

# in NS CMD…: run a command inside a namespace.
in_ns() {
	local ns=$1; shift
	ip netns exec "$ns" "$@"
}

# cygnet_instance NS NAME: a cygnet configuration for NS; sets IPSEC_CONFDIR
# and IPSEC_PIDDIR for the commands that follow (use cyg NS … to run them).
cygnet_instance() {
	instance "$2"
	eval "CONF_$1=\$IPSEC_CONFDIR PID_$1=\$IPSEC_PIDDIR DIR_$1=\$INSTANCE_DIR"
	cat >"$IPSEC_CONFDIR/cygnet.conf" <<CONF
charon {
	load = random nonce openssl socket-default kernel-libesp stroke updown
	retransmit_timeout = 1
	retransmit_tries = 3
	filelog {
		log {
			path = $INSTANCE_DIR/charon.log
			default = 1
			ike = 2
			cfg = 2
			knl = 2
			flush_line = yes
		}
	}
}
CONF
}

# cyg ROLE ARGS…: run `ipsec ARGS` for instance ROLE (moon or sun) in its namespace.
cyg() {
	local role=$1; shift
	local ns conf pid
	ns=$(eval echo "\$${role^^}")
	conf=$(eval echo "\$CONF_$role")
	pid=$(eval echo "\$PID_$role")
	ip netns exec "$ns" env IPSEC_CONFDIR="$conf" IPSEC_PIDDIR="$pid" "$IPSEC" "$@"
}

# start_cygnet ROLE: ipsec start in ROLE's namespace; stopped at the end.
start_cygnet() {
	cyg "$1" start >"$(eval echo "\$DIR_$1")/start.out" 2>&1 ||
		{ cat "$(eval echo "\$DIR_$1")/start.out" >&2; fail "ipsec start failed on $1"; }
	on_exit "cyg $1 stop"
}

# Debian's strongSwan in ROLE's namespace. ip netns exec bind-mounts
# /etc/netns/NS/* over /etc/*, so each namespace gets its own ipsec.conf,
# ipsec.secrets and strongswan.conf; the run directory is shared, so only
# one strongSwan instance runs at a time.
strongswan_instance() {
	local ns=$1
	SS_ETC="/etc/netns/$ns"
	mkdir -p "$SS_ETC"
	on_exit "rm -rf $SS_ETC"
	cat >"$SS_ETC/strongswan.conf" <<CONF
charon {
	load_modular = no
	load = random nonce openssl kdf pem pkcs1 x509 revocation constraints pubkey socket-default kernel-libipsec kernel-netlink stroke updown
	retransmit_timeout = 1
	retransmit_tries = 3
	filelog {
		ss {
			path = $TEST_TMP/strongswan.log
			default = 1
			ike = 2
			flush_line = yes
		}
	}
	plugins {
		kernel-libipsec {
			allow_peer_ts = yes
		}
	}
}
CONF
	touch "$SS_ETC/ipsec.conf" "$SS_ETC/ipsec.secrets"
	chmod 600 "$SS_ETC/ipsec.secrets"
}

start_strongswan() {
	local ns=$1
	ip netns exec "$ns" ipsec start >"$TEST_TMP/strongswan.start" 2>&1 ||
		{ cat "$TEST_TMP/strongswan.start" >&2; fail "strongSwan did not start"; }
	on_exit "ip netns exec $ns ipsec stop"
	wait_for 10 ip netns exec "$ns" ipsec status || fail "strongSwan charon did not answer"
}

# ping_through NS SRC DST: one ping through the tunnel must succeed.
ping_through() {
	local ns=$1 src=$2 dst=$3
	wait_for 10 ip netns exec "$ns" ping -c1 -W1 -I "$src" "$dst" ||
		fail "no ping through the tunnel from $src to $dst"
}

# netns_ipv6: IPv6 beside IPv4 on the pair netns_pair made: $V6_MOON_IP and
# $V6_SUN_IP on the veth link, $V6_MOON_INNER and $V6_SUN_INNER (in
# $V6_MOON_NET and $V6_SUN_NET) on lo.
V6_MOON_IP=2001:db8:1::1
V6_SUN_IP=2001:db8:1::2
V6_MOON_NET=2001:db8:a::/64
V6_SUN_NET=2001:db8:b::/64
V6_MOON_INNER=2001:db8:a::1
V6_SUN_INNER=2001:db8:b::1
netns_ipv6() {
	local tag=$$
	ip -n "$MOON" addr add "$V6_MOON_IP/64" dev "m$tag" nodad
	ip -n "$SUN" addr add "$V6_SUN_IP/64" dev "s$tag" nodad
	ip -n "$MOON" addr add "$V6_MOON_INNER/128" dev lo nodad
	ip -n "$SUN" addr add "$V6_SUN_INNER/128" dev lo nodad
	wait_for 5 ip netns exec "$MOON" ping -c1 -W1 "$V6_SUN_IP" || fail "IPv6 on the veth link does not work"
}

# ping_loop_start: ping from moon's inner address to sun's five times a
# second, appending "ok" or "lost" per ping to $PINGS, until ping_loop_stop.
ping_loop_start() {
	PINGS=$TEST_TMP/pings
	(
		while :; do
			if ip netns exec "$MOON" ping -c1 -W1 -I "$MOON_INNER" "$SUN_INNER" >/dev/null 2>&1; then
				echo ok
			else
				echo lost
			fi >>"$PINGS"
			sleep 0.2
		done
	) &
	PING_LOOP=$!
	on_exit "kill $PING_LOOP"
}

ping_loop_stop() {
	kill "$PING_LOOP" 2>/dev/null || true
	wait "$PING_LOOP" 2>/dev/null || true
}
