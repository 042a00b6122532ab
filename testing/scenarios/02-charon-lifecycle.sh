#!/bin/bash
# charon starts with the configured plugins, writes its pid file, refuses a
# second instance, and shuts down cleanly on SIGTERM.
. "$(dirname "$0")/../lib/common.sh"
instance host
write_cygnet_conf "random nonce openssl"
start_charon
pid=$(cat "$IPSEC_PIDDIR/charon.pid")
[ "$pid" = "$CHARON_PID" ] || fail "pid file holds $pid, not $CHARON_PID"
assert_contains "$INSTANCE_DIR/charon.log" "loaded plugins: random nonce openssl"
assert_contains "$INSTANCE_DIR/charon.log" "\[DMN\] Starting IKE charon daemon"

status=0
"$CHARON" >"$TEST_TMP/second" 2>&1 || status=$?
[ "$status" != 0 ] || fail "a second charon must refuse to start"
assert_contains "$TEST_TMP/second" "already running"

stop_charon
[ ! -e "$IPSEC_PIDDIR/charon.pid" ] || fail "pid file left behind"
