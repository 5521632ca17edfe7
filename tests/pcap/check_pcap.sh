#!/usr/bin/env bash
# `tcplab run --pcap` writes a capture that tshark reads without errors or warnings (no malformed
# packets, no bad IP/TCP checksums), with exactly the segments of RFC 9293 Figure 12's close.
# Usage: check_pcap.sh TCPLAB TSHARK SOURCE_DIR WORK_DIR
set -euo pipefail
tcplab=$1 tshark=$2 src=$3 work=$4
mkdir -p "$work"
fail() { echo "pcap check: $*" >&2; exit 1; }

for scn in four-way-close lost-last-ack refused simultaneous-open; do
  pcap="$work/$scn.pcap"
  "$tcplab" run --quiet --pcap "$pcap" "$src/tests/scenarios/$scn.scn" >/dev/null || fail "tcplab run $scn failed"
  [ -s "$pcap" ] || fail "$pcap is empty"
  expert=$("$tshark" -r "$pcap" -q -z expert -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE 2>&1) ||
    fail "tshark cannot read $pcap: $expert"
  if grep -Eq '^(Errors|Warnings) \(' <<<"$expert"; then
    echo "$expert" >&2
    fail "$scn: tshark reports errors or warnings"
  fi
  bad=$("$tshark" -r "$pcap" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
        -Y '_ws.malformed || tcp.checksum.status != 1 || ip.checksum.status != 1' 2>/dev/null)
  [ -z "$bad" ] || fail "$scn: malformed or bad checksum: $bad"
done

# The four-way close, packet by packet: time, source, flags, seq, ack, payload length. Written from
# the scenario (link delay 50ms, ISNs 1000 / 5000) and RFC 9293 Figure 12, not from tcplab's output.
expected="0.010000000 10.0.0.1 0x0002 1000 0 0
0.060000000 10.0.0.2 0x0012 5000 1001 0
0.110000000 10.0.0.1 0x0010 1001 5001 0
0.500000000 10.0.0.1 0x0011 1001 5001 0
0.550000000 10.0.0.2 0x0010 5001 1002 0
0.700000000 10.0.0.2 0x0018 5001 1002 4
0.750000000 10.0.0.1 0x0010 1002 5005 0
0.800000000 10.0.0.2 0x0011 5005 1002 0
0.850000000 10.0.0.1 0x0010 1002 5006 0"
got=$("$tshark" -r "$work/four-way-close.pcap" -T fields -E separator=' ' -e frame.time_epoch -e ip.src \
      -e tcp.flags -e tcp.seq_raw -e tcp.ack_raw -e tcp.len 2>/dev/null)
if [ "$got" != "$expected" ]; then
  diff <(echo "$expected") <(echo "$got") >&2 || true
  fail "four-way-close: packets differ from RFC 9293 Figure 12"
fi
echo "pcap check: ok"
