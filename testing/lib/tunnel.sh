# Site-to-site tunnel configurations for moon and sun (see netns.sh), for
# cygnet (IPSEC_CONFDIR of an instance) and for strongSwan (/etc/netns/NS).

TEST_PSK="cygnet-test-psk-0123456789abcdef"

# site_conf LEFT_IP LEFT_NET RIGHT_IP RIGHT_NET [extra conn lines…]
site_conf() {
	local lip=$1 lnet=$2 rip=$3 rnet=$4; shift 4
	cat <<CONF
config setup

conn %default
	keyexchange=ikev2
	authby=secret

conn site
	left=$lip
	leftsubnet=$lnet
	right=$rip
	rightsubnet=$rnet
	auto=add
CONF
	local line
	for line in "$@"; do
		printf '\t%s\n' "$line"
	done
}

# site_secrets [PSK]
site_secrets() {
	printf '%s %s : PSK "%s"\n' "$MOON_IP" "$SUN_IP" "${1:-$TEST_PSK}"
}

# configure_cygnet ROLE [PSK] [extra conn lines…]: ipsec.conf and secrets for ROLE.
configure_cygnet() {
	local role=$1 psk=${2:-$TEST_PSK}; shift 2 || shift $#
	local conf
	conf=$(eval echo "\$CONF_$role")
	if [ "$role" = moon ]; then
		site_conf "$MOON_IP" "$MOON_NET" "$SUN_IP" "$SUN_NET" "$@" >"$conf/ipsec.conf"
	else
		site_conf "$SUN_IP" "$SUN_NET" "$MOON_IP" "$MOON_NET" "$@" >"$conf/ipsec.conf"
	fi
	site_secrets "$psk" >"$conf/ipsec.secrets"
	chmod 600 "$conf/ipsec.secrets"
}

# configure_strongswan ROLE [PSK] [extra conn lines…]: the same for strongSwan in ROLE's namespace.
configure_strongswan() {
	local role=$1 psk=${2:-$TEST_PSK}; shift 2 || shift $#
	local ns
	ns=$(eval echo "\$${role^^}")
	strongswan_instance "$ns"
	if [ "$role" = moon ]; then
		site_conf "$MOON_IP" "$MOON_NET" "$SUN_IP" "$SUN_NET" "$@" >"$SS_ETC/ipsec.conf"
	else
		site_conf "$SUN_IP" "$SUN_NET" "$MOON_IP" "$MOON_NET" "$@" >"$SS_ETC/ipsec.conf"
	fi
	site_secrets "$psk" >"$SS_ETC/ipsec.secrets"
}

# assert_established FILE: statusall output shows the IKE_SA and the CHILD_SA.
assert_established() {
	assert_contains "$1" "site\[[0-9]+\]: ESTABLISHED"
	assert_contains "$1" "site\{[0-9]+\}: +INSTALLED, TUNNEL"
	assert_contains "$1" "198\.51\.100\.(0|64)/26 === 198\.51\.100\.(64|0)/26"
}

assert_no_sa() {
	assert_not_contains "$1" "ESTABLISHED"
	assert_not_contains "$1" "INSTALLED"
}
