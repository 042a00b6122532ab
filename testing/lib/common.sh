# Shared helpers for end-to-end scenarios. A scenario is a bash script that
# sources this file, uses $PREFIX (an installed cygnet) and exits 0 on
# success, 77 to skip, anything else on failure.
set -eu

: "${PREFIX:?PREFIX must name an installed cygnet}"
IPSEC="$PREFIX/sbin/ipsec"
LIBEXEC="$PREFIX/libexec/ipsec"
CHARON="$LIBEXEC/charon"
SCENARIO=$(basename "$0" .sh)
TEST_TMP=$(mktemp -d "/tmp/cygnet-$SCENARIO.XXXXXX")
CLEANUPS=()

cleanup() {
	local i
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUPS[$i]}" >/dev/null 2>&1 || true
	done
	rm -rf "$TEST_TMP"
}
trap cleanup EXIT

# Run a command when the scenario ends, last registered first.
on_exit() { CLEANUPS+=("$*"); }

fail() {
	echo "FAILED: $*" >&2
	exit 1
}

log() { echo "--- $*"; }

# instance NAME: a configuration and run directory of its own; sets
# IPSEC_CONFDIR and IPSEC_PIDDIR for what follows.
instance() {
	local dir="$TEST_TMP/$1"
	mkdir -p "$dir/etc/ipsec.d"/{cacerts,certs,private,crls,ocspcerts,aacerts,acerts} "$dir/run"
	export IPSEC_CONFDIR="$dir/etc" IPSEC_PIDDIR="$dir/run"
	INSTANCE_DIR="$dir"
}

# write_cygnet_conf "plugins" [extra lines]: a cygnet.conf logging to charon.log.
write_cygnet_conf() {
	local plugins=$1; shift
	cat >"$IPSEC_CONFDIR/cygnet.conf" <<CONF
charon {
	load = $plugins
	filelog {
		log {
			path = $INSTANCE_DIR/charon.log
			default = 2
			flush_line = yes
		}
	}
	$*
}
CONF
}

# wait_for TIMEOUT_S COMMAND…: poll until the command succeeds.
wait_for() {
	local timeout=$1; shift
	local deadline=$((SECONDS + timeout))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

assert_contains() {
	local file=$1 pattern=$2
	grep -qE -- "$pattern" "$file" || { echo "--- $file:" >&2; tail -40 "$file" >&2; fail "'$pattern' not found in $(basename "$file")"; }
}

assert_not_contains() {
	local file=$1 pattern=$2
	if grep -qE -- "$pattern" "$file"; then
		fail "'$pattern' unexpectedly found in $(basename "$file")"
	fi
}

# start_charon: run charon of the current instance in the background.
start_charon() {
	"$CHARON" >"$INSTANCE_DIR/charon.out" 2>&1 &
	CHARON_PID=$!
	on_exit "kill $CHARON_PID; wait $CHARON_PID"
	wait_for 10 test -s "$IPSEC_PIDDIR/charon.pid" || {
		cat "$INSTANCE_DIR/charon.out" >&2
		fail "charon did not write its pid file"
	}
}

stop_charon() {
	kill -TERM "$CHARON_PID"
	local status=0
	wait "$CHARON_PID" || status=$?
	[ "$status" = 0 ] || fail "charon exited with status $status on SIGTERM"
}
