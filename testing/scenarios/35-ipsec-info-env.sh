#!/bin/bash
# The info commands, the IPSEC_* environment ipsec(8) promises to programs
# it runs (any executable in $IPSEC_DIR runs as `ipsec NAME`), and exit
# status 7 from every command that needs a daemon which is not running.
. "$(dirname "$0")/../lib/common.sh"

expect() {
	local want=$1 rc=0; shift
	"$IPSEC" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || rc=$?
	[ "$rc" = "$want" ] || { cat "$TEST_TMP/out" "$TEST_TMP/err" >&2; fail "ipsec $* exited $rc, expected $want"; }
}

instance host
kernel=$(uname -r)

log "info commands"
expect 0 --version
assert_contains "$TEST_TMP/out" "^Linux cygnet U[0-9]+\.[0-9]+\.[0-9]+/K$kernel$"
expect 0 version
assert_contains "$TEST_TMP/out" "^Linux cygnet U"
expect 0 --versioncode
grep -qxE "U[0-9]+\.[0-9]+\.[0-9]+/K$kernel" "$TEST_TMP/out" || fail "--versioncode: $(cat "$TEST_TMP/out")"
version=$(cat "$TEST_TMP/out")
expect 0 --copyright
assert_contains "$TEST_TMP/out" "GNU General Public License"
expect 0 --directory
[ "$(cat "$TEST_TMP/out")" = "$PREFIX/libexec/ipsec" ] || fail "--directory: $(cat "$TEST_TMP/out")"
expect 0 --confdir
[ "$(cat "$TEST_TMP/out")" = "$IPSEC_CONFDIR" ] || fail "--confdir: $(cat "$TEST_TMP/out")"
expect 0 --piddir
[ "$(cat "$TEST_TMP/out")" = "$IPSEC_PIDDIR" ] || fail "--piddir: $(cat "$TEST_TMP/out")"
expect 0 --help
for cmd in start stop restart update reload up down down-srcip route unroute status statusall \
	leases listalgs listpubkeys listcerts listcacerts listaacerts listocspcerts listacerts \
	listgroups listcainfos listcrls listocsp listplugins listcounters listall rereadsecrets \
	rereadcacerts rereadaacerts rereadocspcerts rereadacerts rereadcrls rereadall \
	resetcounters purgecerts purgecrls purgeike purgeocsp auto add ondemand --version \
	--versioncode --copyright --directory --confdir --piddir; do
	grep -qE -- "(^| )$cmd( |$)" "$TEST_TMP/out" || fail "--help does not mention $cmd"
done
expect 2
expect 2 no-such-command
assert_contains "$TEST_TMP/err" "unknown command 'no-such-command'"
expect 2 --no-such-option
assert_contains "$TEST_TMP/err" "unknown option '--no-such-option'"

log "programs in IPSEC_DIR run with the IPSEC_* environment"
tools="$TEST_TMP/libexec"
mkdir -p "$tools"
cat >"$tools/envdump" <<'SH'
#!/bin/sh
env | grep -E '^(IPSEC_[A-Z_]+|PATH)=' | sort
echo "args: $*"
exit 3
SH
chmod 755 "$tools/envdump"
printf '#!/bin/sh\nexit 0\n' >"$tools/notexec"
rc=0
IPSEC_DIR="$tools" "$IPSEC" envdump one 'two words' >"$TEST_TMP/env" 2>&1 || rc=$?
[ "$rc" = 3 ] || { cat "$TEST_TMP/env"; fail "the program's exit status was not passed on ($rc)"; }
while read -r line; do
	grep -qxF -- "$line" "$TEST_TMP/env" || { cat "$TEST_TMP/env"; fail "environment lacks: $line"; }
done <<EXPECTED
IPSEC_DIR=$tools
IPSEC_BINDIR=$PREFIX/bin
IPSEC_SBINDIR=$PREFIX/sbin
IPSEC_CONFDIR=$IPSEC_CONFDIR
IPSEC_PIDDIR=$IPSEC_PIDDIR
IPSEC_SCRIPT=ipsec
IPSEC_NAME=cygnet
IPSEC_VERSION=$version
IPSEC_STARTER_PID=$IPSEC_PIDDIR/starter.charon.pid
IPSEC_CHARON_PID=$IPSEC_PIDDIR/charon.pid
args: one two words
EXPECTED
assert_contains "$TEST_TMP/env" "^PATH=$PREFIX/sbin:"
rc=0
IPSEC_DIR="$tools" "$IPSEC" notexec >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "a file that is not executable ran (exit $rc)"
# the installed tools run the same way
expect 7 stroke status
expect 0 stroke --help

log "charon not running: 7 from everything that needs it"
for args in "up site" "down site" "down-srcip 10.0.0.1" "route site" "unroute site" status \
	statusall leases listalgs listcerts listcounters listall rereadsecrets rereadall \
	resetcounters purgeike purgeocsp "auto --add site" "auto --status" "add --autoall" \
	update reload; do
	printf 'conn site\n\tleft=192.0.2.1\n\tright=192.0.2.2\n\tauto=add\n' >"$IPSEC_CONFDIR/ipsec.conf"
	# shellcheck disable=SC2086
	expect 7 $args
done
expect 0 stop
