#!/bin/bash
# A plugin named in `load` but not installed is reported; the rest load.
. "$(dirname "$0")/../lib/common.sh"
instance host
write_cygnet_conf "random no-such-plugin nonce openssl"
start_charon
assert_contains "$INSTANCE_DIR/charon.log" "plugin 'no-such-plugin'.*(not found|failed)"
assert_contains "$INSTANCE_DIR/charon.log" "loaded plugins: random nonce openssl"
kill -0 "$CHARON_PID" || fail "charon died"

# A critical plugin ('!') that is missing stops the start.
instance critical
write_cygnet_conf "random no-such-plugin! nonce"
status=0
timeout 10 "$CHARON" >"$INSTANCE_DIR/charon.out" 2>&1 || status=$?
[ "$status" = 1 ] || fail "missing critical plugin: exit $status, expected 1"
assert_contains "$INSTANCE_DIR/charon.log" "critical plugin"
