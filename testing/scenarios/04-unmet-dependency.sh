#!/bin/bash
# A feature whose dependency no plugin provides is disabled with a log line
# naming both; everything else still loads and charon runs.
. "$(dirname "$0")/../lib/common.sh"
instance host
# nonce needs an RNG; without the random plugin nothing provides one.
write_cygnet_conf "nonce"
start_charon
assert_contains "$INSTANCE_DIR/charon.log" "NONCE_GEN.*unmet dependency.*RNG"
kill -0 "$CHARON_PID" || fail "charon died"
stop_charon
