#!/usr/bin/env python3
"""tcplab analyze's per-segment notes agree with tshark's tcp.analysis flags on the same captures.

usage: tshark_agree.py TCPLAB CAPTURE...   (exit 1 on any disagreement, listing each one)
"""
import json
import subprocess
import sys

# tcplab's note key -> tshark's field (tcplab names them after tshark's).
FIELDS = ["retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order", "lost_segment",
          "ack_lost_segment", "duplicate_ack", "zero_window", "zero_window_probe", "window_update", "keep_alive"]


def tshark_flags(path):
    cmd = ["tshark", "-n", "-r", path, "-T", "fields", "-E", "separator=|", "-e", "frame.number"]
    for f in FIELDS:
        cmd += ["-e", "tcp.analysis." + f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    flags = {}
    for line in out.splitlines():
        cols = line.split("|")
        flags[int(cols[0])] = {FIELDS[i] for i, v in enumerate(cols[1:]) if v}
    return flags


def tcplab_flags(tcplab, path):
    r = subprocess.run([tcplab, "analyze", path, "--connection", "all", "--json", "-"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{path}: tcplab analyze failed ({r.returncode}): {r.stderr}")
    doc = json.loads(r.stdout)
    conns = doc["connections"] if doc.get("schema") == "tcplab-capture" else [doc]
    flags = {}
    for c in conns:
        for s in c["capture"]["segments"]:
            flags[s["packet"]] = {n for n in s["notes"] if n in FIELDS}
    return flags


def main():
    return main_for(sys.argv[1], sys.argv[2:])


def main_for(tcplab, paths):
    bad = 0
    compared = 0
    for p in paths:
        ts, tl = tshark_flags(p), tcplab_flags(tcplab, p)
        for n in sorted(set(ts) | set(tl)):
            a, b = ts.get(n, set()), tl.get(n, set())
            compared += 1
            if a != b:
                bad += 1
                print(f"{p}: packet {n}: tshark {sorted(a)}, tcplab {sorted(b)}")
    print(f"{compared} packets compared, {bad} disagree")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
