#!/bin/bash
# status and statusall, with and without a name and with --json (valid
# JSON that states the same facts as the text), and every list command:
# exit status, headers, --utc and --json. moon's charon runs in a time
# zone 5:30 ahead of UTC, so --utc visibly changes the times shown.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

expect() {
	local role=$1 want=$2 rc=0; shift 2
	cyg "$role" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || rc=$?
	[ "$rc" = "$want" ] || { cat "$TEST_TMP/out" "$TEST_TMP/err" >&2; fail "ipsec $* on $role exited $rc, expected $want"; }
}

# json FILE PYTHON-EXPR: FILE is JSON (python3 -m json.tool accepts it)
# and EXPR (over `d`) is true.
json() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1" ||
		{ cat "$1" >&2; fail "JSON check failed: $2"; }
}

netns_pair
cygnet_instance moon moon
configure_cygnet moon
cat >>"$CONF_moon/ipsec.conf" <<'CONF'

conn other
	left=192.0.2.1
	right=192.0.2.3
	auto=add
CONF
cygnet_instance sun sun
configure_cygnet sun
TZ=XYZ-5:30 start_cygnet moon
start_cygnet sun
expect moon 0 up site

log "status and statusall, all and by name"
expect moon 0 status
cp "$TEST_TMP/out" "$TEST_TMP/status"
assert_contains "$TEST_TMP/status" "^Security Associations \(1 up, 0 connecting\):"
assert_contains "$TEST_TMP/status" "site\[1\]: ESTABLISHED"
assert_contains "$TEST_TMP/status" "site\{1\}: +INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: [0-9a-f]{8}_i [0-9a-f]{8}_o"
assert_not_contains "$TEST_TMP/status" "^Status of IKE charon daemon"
expect moon 0 statusall
cp "$TEST_TMP/out" "$TEST_TMP/statusall"
assert_contains "$TEST_TMP/statusall" "^Status of IKE charon daemon \(cygnet"
assert_contains "$TEST_TMP/statusall" "^Connections:"
assert_contains "$TEST_TMP/statusall" "^ +other: +192\.0\.2\.1\.\.\.192\.0\.2\.3"
assert_contains "$TEST_TMP/statusall" "site\[1\]: IKE proposal: "
assert_established "$TEST_TMP/statusall"
expect moon 0 statusall site
assert_established "$TEST_TMP/out"
assert_not_contains "$TEST_TMP/out" "other:"
expect moon 0 statusall other
assert_contains "$TEST_TMP/out" "^ +other: +192\.0\.2\.1\.\.\.192\.0\.2\.3"
assert_no_sa "$TEST_TMP/out"
expect moon 0 status nosuch
assert_no_sa "$TEST_TMP/out"

log "--json states the same facts"
expect moon 0 status --json
python3 -m json.tool "$TEST_TMP/out" >/dev/null || fail "status --json is not valid JSON"
json "$TEST_TMP/out" 'd["up"] == 1 and d["connecting"] == 0 and len(d["ike_sas"]) == 1'
spi_in=$(sed -nE 's/.*site\{1\}: +INSTALLED.* ([0-9a-f]{8})_i.*/\1/p' "$TEST_TMP/status")
json "$TEST_TMP/out" "d['ike_sas'][0]['name'] == 'site' and d['ike_sas'][0]['state'] == 'ESTABLISHED'
	and d['ike_sas'][0]['child_sas'][0]['spi_in'] == '$spi_in'
	and d['ike_sas'][0]['child_sas'][0]['state'] == 'INSTALLED'
	and d['ike_sas'][0]['child_sas'][0]['local_ts'] == ['$MOON_NET']"
expect moon 0 statusall --json
json "$TEST_TMP/out" "d['daemon']['name'] == 'charon' and 'stroke' in d['daemon']['loaded_plugins']
	and sorted(c['name'] for c in d['connections']) == ['other', 'site']
	and d['ike_sas'][0]['proposal'] != ''"
expect moon 0 statusall other --json
json "$TEST_TMP/out" "[c['name'] for c in d['connections']] == ['other'] and d['ike_sas'] == []"

log "--utc shows times in UTC"
expect moon 0 statusall
local_since=$(sed -nE 's/^  uptime: .*, since (.*)$/\1/p' "$TEST_TMP/out")
expect moon 0 statusall --utc
utc_since=$(sed -nE 's/^  uptime: .*, since (.*)$/\1/p' "$TEST_TMP/out")
python3 - "$local_since" "$utc_since" <<'PY' || fail "--utc did not shift the time by 5:30 (local '$local_since', utc '$utc_since')"
import sys, datetime
fmt = "%b %d %H:%M:%S %Y"
local, utc = (datetime.datetime.strptime(s, fmt) for s in sys.argv[1:3])
sys.exit(0 if abs((local - utc).total_seconds() - 5.5 * 3600) < 5 else 1)
PY

log "list commands: exit 0, headers, --utc and --json accepted"
for cmd in listalgs listpubkeys listcerts listcacerts listaacerts listocspcerts listacerts \
	listgroups listcainfos listcrls listocsp listplugins listcounters listall; do
	expect moon 0 "$cmd"
	expect moon 0 "$cmd" --utc
	expect moon 0 "$cmd" --json
	cp "$TEST_TMP/out" "$TEST_TMP/$cmd.json"
done
python3 - "$TEST_TMP"/list*.json <<'PY' || fail "a list command's --json output is not a JSON object"
import json, sys
for path in sys.argv[1:]:
    with open(path) as f:
        if not isinstance(json.load(f), dict):
            sys.exit(path + ": not an object")
PY
expect moon 0 listalgs
assert_contains "$TEST_TMP/out" "^List of registered IKE algorithms:"
assert_contains "$TEST_TMP/out" "^  encryption: .*AES_CBC\[openssl\]"
assert_contains "$TEST_TMP/out" "^  dh-group: +.*CURVE_25519\[openssl\]"
expect moon 0 listplugins
assert_contains "$TEST_TMP/out" "^List of loaded Plugins:"
assert_contains "$TEST_TMP/out" "^stroke:"
expect moon 0 listcounters
assert_contains "$TEST_TMP/out" "^List of IKE counters:"
assert_contains "$TEST_TMP/out" "^net_received +[1-9][0-9]*$"
expect moon 0 listall --utc
assert_contains "$TEST_TMP/out" "^List of registered IKE algorithms:"
assert_contains "$TEST_TMP/out" "^List of loaded Plugins:"
expect moon 0 listall --json
json "$TEST_TMP/out" "'algorithms' in d and 'plugins' in d and d['certs'] == [] and d['crls'] == []"
expect moon 0 listcounters --json
json "$TEST_TMP/out" "d['counters']['net_received'] > 0"
# Per-conn counters need per-conn accounting in charon (not there yet):
# the request must at least reach charon and fail cleanly, not as a usage error.
rc=0
cyg moon listcounters site >"$TEST_TMP/out" 2>&1 || rc=$?
if [ "$rc" != 0 ]; then
	[ "$rc" = 1 ] || fail "listcounters site exited $rc"
	echo "NOTE: charon has no per-connection counters yet: $(cat "$TEST_TMP/out")"
fi
expect moon 2 listcerts extra-argument
expect moon 2 status --bogus

log "leases: no pools exist"
expect moon 0 leases
assert_contains "$TEST_TMP/out" "no pools found"
