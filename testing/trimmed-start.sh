#!/bin/bash
# A build with every optional plugin disabled still starts and stops.
PREFIX=$1
. "$(dirname "$0")/lib/common.sh"
instance trimmed
write_cygnet_conf ""
start_charon
stop_charon
assert_contains "$INSTANCE_DIR/charon.log" "Starting IKE charon daemon"
