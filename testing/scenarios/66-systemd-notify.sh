#!/bin/bash
# The systemd plugin: with NOTIFY_SOCKET naming a datagram socket the test
# listens on, charon (run by starter) sends READY=1 with a STATUS= line once
# it is up, again after starter restarted it, and STOPPING=1 when it stops;
# without NOTIFY_SOCKET it runs as usual. With `charon.journal` it logs to
# the journal: a stand-in journald socket in a mount namespace of its own
# receives entries with MESSAGE, PRIORITY, SYSLOG_IDENTIFIER=charon and the
# subsystem.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

[ -f "$PREFIX/lib/ipsec/plugins/libcygnet-systemd.so" ] || { echo "systemd plugin not built"; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }

# listen SOCKET LOG: write each datagram to LOG as one line ('|' for newlines)
cat >"$TEST_TMP/listen.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        out.write(s.recv(65536).decode(errors="replace").replace("\n", "|") + "\n")
PY
listen() {
	python3 "$TEST_TMP/listen.py" "$1" "$2" &
	on_exit "kill $!"
	wait_for 5 test -S "$1" || fail "listener on $1 did not start"
}
count() { grep -c -- "$2" "$1" 2>/dev/null || true; }
has_count() { [ "$(count "$1" "$2")" -ge "$3" ]; }

netns_pair
cygnet_instance moon moon
starter_log moon
sed -i 's/^\tload = .*/& systemd/' "$CONF_moon/cygnet.conf"
lc_secrets moon
{ lc_header; lc_conn moon site "$MOON_NET" "$SUN_NET" add; } >"$CONF_moon/ipsec.conf"
notify="$TEST_TMP/notify"
listen "$notify" "$TEST_TMP/notify.log"

# under "systemd": READY=1 once up
in_ns "$MOON" env IPSEC_CONFDIR="$CONF_moon" IPSEC_PIDDIR="$PID_moon" NOTIFY_SOCKET="$notify" \
	"$IPSEC" start >"$TEST_TMP/start" 2>&1 || { cat "$TEST_TMP/start"; fail "ipsec start failed"; }
on_exit "cyg moon stop"
wait_for 5 has_count "$TEST_TMP/notify.log" "READY=1" 1 || fail "no READY=1 from charon"
assert_contains "$TEST_TMP/notify.log" "READY=1\|STATUS=charon \(cygnet [0-9.]+\) running"
is_loaded moon site || fail "conn not loaded"
cyg moon listplugins >"$TEST_TMP/plugins" 2>&1 || true
assert_contains "$TEST_TMP/plugins" "systemd"

# a charon restarted by starter reports again
kill -KILL "$(pid_of moon charon.pid)"
wait_for 5 has_count "$TEST_TMP/notify.log" "READY=1" 2 || fail "no READY=1 from the restarted charon"

# STOPPING=1 when it stops
[ "$(count "$TEST_TMP/notify.log" "STOPPING=1")" = 0 ] || fail "STOPPING=1 before the stop"
cyg moon stop >/dev/null 2>&1 || fail "ipsec stop failed"
wait_for 5 has_count "$TEST_TMP/notify.log" "STOPPING=1" 1 || fail "no STOPPING=1 from charon"
assert_contains "$TEST_TMP/notify.log" "STOPPING=1\|STATUS=charon \(cygnet [0-9.]+\) stopping"

# not under systemd: nothing sent, charon runs as usual
lines=$(count "$TEST_TMP/notify.log" "=")
cyg moon start >/dev/null 2>&1 || fail "ipsec start without NOTIFY_SOCKET failed"
is_loaded moon site || fail "conn not loaded without NOTIFY_SOCKET"
cyg moon stop >/dev/null 2>&1 || fail "ipsec stop without NOTIFY_SOCKET failed"
assert_contains "$DIR_moon/starter.log" "charon stopped, exited with status 0"
[ "$(count "$TEST_TMP/notify.log" "=")" = "$lines" ] || fail "notifications without NOTIFY_SOCKET"

# the journal, in a mount namespace with a journald socket of the test's own
if ! in_ns "$MOON" unshare -m --propagation private mount -t tmpfs tmpfs /run/systemd 2>/dev/null; then
	echo "no mount namespace here: journal part skipped"
	exit 0
fi
cat >>"$CONF_moon/cygnet.conf" <<CONF
charon {
	journal {
		default = 1
		cfg = 2
	}
}
CONF
cat >"$TEST_TMP/journal.sh" <<SH
set -e
listener= charon=
trap 'kill \$listener \$charon 2>/dev/null || true' EXIT
mount -t tmpfs tmpfs /run/systemd
mkdir /run/systemd/journal
python3 "$TEST_TMP/listen.py" /run/systemd/journal/socket "$TEST_TMP/journal.log" &
listener=\$!
for i in \$(seq 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
"$CHARON" >"$TEST_TMP/charon.out" 2>&1 &
charon=\$!
for i in \$(seq 100); do grep -q "charon started" "$TEST_TMP/journal.log" 2>/dev/null && break; sleep 0.1; done
"$IPSEC" status >/dev/null
kill -TERM \$charon
wait \$charon
charon=
sleep 0.2
SH
in_ns "$MOON" env IPSEC_CONFDIR="$CONF_moon" IPSEC_PIDDIR="$PID_moon" \
	unshare -m --propagation private bash "$TEST_TMP/journal.sh" ||
	{ cat "$TEST_TMP/charon.out" >&2; fail "charon with a journal failed"; }
journal_entry() {
	grep -F -- "MESSAGE=$1" "$TEST_TMP/journal.log" | grep -F "PRIORITY=$2" |
		grep -F "SYSLOG_IDENTIFIER=charon" | grep -F -q "CHARON_SUBSYSTEM=$3"
}
journal_entry "charon started, " 6 dmn || { cat "$TEST_TMP/journal.log" >&2; fail "no journal entry for 'charon started'"; }
journal_entry "signal of type SIGTERM received" 6 dmn || fail "no journal entry for the shutdown"
journal_entry "received stroke request 'status'" 7 cfg || fail "no journal entry for the stroke request"
# levels per subsystem: cfg at 2 (debug priority), nothing above 1 elsewhere
if grep -F "PRIORITY=7" "$TEST_TMP/journal.log" | grep -vqF "CHARON_SUBSYSTEM=cfg"; then
	fail "level 2 entries of subsystems configured at 1"
fi
