#!/usr/bin/env python3
"""Every lesson's capture, analyzed back, gives the lesson's own states and segments.

For each scenario: `tcplab run --pcap` writes its segments (stamped when sent), `tcplab analyze
--vantage senders` reads them back. Each endpoint's inferred states must be the lesson's own, in
order, and every segment must be found. tcplab's per-segment notes must also agree with tshark's
tcp.analysis flags on the same file (tshark_agree.py).

A lesson's capture holds segments the link then lost (the capture point is the sender), which a
capture cannot tell from delivered ones: those lessons are listed in LOSSY, where only the states up
to the first loss are compared.

usage: lessons_roundtrip.py TCPLAB SCENARIO_DIR WORKDIR

Lessons whose capture cannot be analyzed back to the lesson, and why, are in KNOWN: their states are
not compared and their packets are left out of the tshark comparison. The test fails if one of them
starts to agree, so the list only shrinks.
"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tshark_agree  # noqa: E402


KNOWN = {
    "11-old-duplicate-syn": "an injected old duplicate SYN with another ISN is, to a capture, a second connection "
                            "attempt from the same port (Wireshark splits it into its own tcp.stream too)",
    "17-fin-wait-2-timeout": "the capture cannot tell close() from shutdown(): the observer takes shutdown(), which "
                             "has no FIN_WAIT_2 timeout, so the peer's late FIN is taken to TIME_WAIT",
    "19-blind-rst-and-syn": "blind RSTs and SYNs from an attacker: tcplab keeps a SYN on a live connection in it "
                            "(RFC 9293 3.10.7.4), Wireshark starts a new tcp.stream, and an RST that the lesson's "
                            "RFC 793 host accepted is not at the next sequence number",
    "22-reconnect-time-wait": "the reconnect meets the old connection's TIME_WAIT: which of the segments that follow "
                              "belong to the old connection and which to the new one is ambiguous in a capture",
}


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def endpoint_states(trace):
    """Lesson trace: {(ip, port, peer ip, peer port): [[(time_us, state), ...] per connection]}."""
    hosts = {h["index"]: h["ip"] for h in trace["hosts"]}
    ends, states, order, lost_at = {}, {}, [], None
    for e in trace["entries"]:
        if e["kind"] == "segment_sent" and e["conn"] is not None and e["conn"] not in ends:
            s = e["segment"]
            ends[e["conn"]] = (hosts[e["host"]], s["src_port"], hosts[e["peer"]], s["dst_port"])
            order.append(e["conn"])
        if e["kind"] == "segment_dropped" and lost_at is None:
            lost_at = e["time_us"]
        if e["kind"] == "state_change" and e["conn"] is not None:
            states.setdefault(e["conn"], []).append((e["time_us"], e["to"]))
    out = {}
    for c in order:
        st = states.get(c, [])
        if st and all(s in ("LISTEN", "CLOSED") for _, s in st):
            continue  # a listener answering with RST: not a connection endpoint
        out.setdefault(ends[c], []).append(st)
    return out, lost_at, trace["hosts"][0]["profile"]


def sequence(states):
    seq = [s for _, s in states if s != "LISTEN"]
    return [s for i, s in enumerate(seq) if i == 0 or s != seq[i - 1]]


def states_of(tcplab, pcap):
    r = run([tcplab, "analyze", pcap, "--vantage", "senders", "--profile", "rfc9293", "--param", "msl=2s", "--json", "-"])
    if r.returncode != 0:
        raise SystemExit(f"{pcap}: tcplab analyze failed: {r.stderr}")
    cap = json.loads(r.stdout)["capture"]
    return cap, {side: sequence([(0, s["state"]) for s in cap["states"][side]]) for side in ("A", "B")}


def missed_segment(tcplab, work):
    """Lesson 02 with A's FIN cut out of the capture: the states are still the lesson's, and the
    analysis says which segment it inferred (B's ACK acknowledges a FIN it never saw)."""
    full = os.path.join(work, "02-four-way-close.pcap")
    _, want = states_of(tcplab, full)
    r = run(["tshark", "-n", "-r", full, "-Y", "tcp.flags.fin == 1 && ip.src == 10.0.0.1", "-T", "fields",
             "-e", "frame.number"])
    fin = int(r.stdout.split()[0])
    cut = os.path.join(work, "02-without-fin.pcap")
    subprocess.run(["editcap", full, cut, str(fin)], check=True)
    cap2, got = states_of(tcplab, cut)
    failures = []
    if got != want:
        failures.append(f"lesson 02 without A's FIN (packet {fin}): states {got}, with it {want}")
    if not any("FIN of A that the capture missed" in u for u in cap2["uncertain"]):
        failures.append(f"lesson 02 without A's FIN: the analysis does not say it inferred it ({cap2['uncertain']})")
    print(f"lesson 02 without packet {fin} (A's FIN): states {'as with it' if got == want else got}")
    return failures


def main():
    tcplab, scenarios, work = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    failures, pcaps, compared = [], [], 0
    known_failed = set()
    for path in sorted(glob.glob(os.path.join(scenarios, "*.scn"))):
        name = os.path.basename(path)[:-4]
        lesson_failures = len(failures)
        pcap, js = os.path.join(work, name + ".pcap"), os.path.join(work, name + ".json")
        r = run([tcplab, "run", path, "--pcap", pcap, "--json", js, "-q"])
        if r.returncode not in (0, 1):
            failures.append(f"{name}: tcplab run failed: {r.stderr}")
            continue
        if name not in KNOWN:
            pcaps.append(pcap)
        lesson, lost_at, profile = endpoint_states(json.load(open(js)))
        # The lesson's timers: its `msl` line and the parameters it sets for every host.
        params, per_host_timers = [], False
        for line in open(path, encoding="utf-8"):
            f = line.split("#")[0].split()
            if len(f) == 2 and f[0] == "msl":
                params += ["--param", "msl=" + f[1]]
            if len(f) == 2 and f[0] == "param" and "=" in f[1]:
                params += ["--param", f[1]]
            if len(f) == 3 and f[0] == "param" and f[2].split("=")[0] in ("msl", "time_wait"):
                per_host_timers = True
        r = run([tcplab, "analyze", pcap, "--connection", "all", "--vantage", "senders", "--profile", profile,
                 *params, "--json", "-"])
        if r.returncode != 0:
            failures.append(f"{name}: tcplab analyze failed ({r.returncode}): {r.stderr}")
            continue
        doc = json.loads(r.stdout)
        conns = doc["connections"] if doc.get("schema") == "tcplab-capture" else [doc]
        inferred = {}  # endpoint -> [(states, time_wait end or None) per incarnation]
        for c in conns:
            cap = c["capture"]
            for side, me, peer in (("A", cap["a"], cap["b"]), ("B", cap["b"], cap["a"])):
                (ip, port), (pip, pport) = me.rsplit(":", 1), peer.rsplit(":", 1)
                states = [(s["time_ns"] // 1000, s["state"]) for s in cap["states"][side]]
                tw = cap["time_wait"].get(side)
                inferred.setdefault((ip, int(port), pip, int(pport)), []).append(
                    (states, tw["end_ns"] // 1000 if tw else None))
        for key, incarnations in lesson.items():
            got_list = inferred.get(key, [])
            if len(got_list) != len(incarnations):
                failures.append(f"{name}: {key[0]}:{key[1]}: the lesson has {len(incarnations)} connections on this "
                                f"tuple, the analysis {len(got_list)}")
                continue
            for states, (got_states, tw_end) in zip(incarnations, got_list):
                cut = [(t, s) for t, s in states if lost_at is None or t < lost_at]
                want, got = sequence(cut), sequence(got_states)
                if got and got[0] == "CLOSED" and (not want or want[0] != "CLOSED"):
                    got = got[1:]
                # The capture ends in TIME_WAIT; the lesson runs on until 2MSL closes it. The
                # analysis must predict that moment exactly, under the lesson's profile.
                if want[-2:] == ["TIME_WAIT", "CLOSED"] and got[-1:] == ["TIME_WAIT"] and lost_at is None:
                    closed_at = [t for t, s in states if s == "CLOSED"][-1]
                    if tw_end != closed_at and not per_host_timers:
                        failures.append(f"{name}: {key[0]}:{key[1]}: TIME_WAIT ends at {closed_at} us in the lesson, "
                                        f"the analysis predicts {tw_end}")
                    got.append("CLOSED")
                if lost_at is not None:
                    got = got[:len(want)]
                compared += 1
                if got != want:
                    failures.append(f"{name}: {key[0]}:{key[1]}: lesson {want}, analyzed {got}")
        if name in KNOWN:
            if len(failures) > lesson_failures:
                known_failed.add(name)
                print(f"known: {name}: {KNOWN[name]}")
                for f in failures[lesson_failures:]:
                    print("    " + f)
                del failures[lesson_failures:]
            else:
                failures.append(f"{name} now round-trips: remove it from KNOWN")
    print(f"{compared} endpoints compared over {len(pcaps)} lessons ({len(known_failed)} known differences)")
    failures += missed_segment(tcplab, work)
    if tshark_agree.main_for(tcplab, pcaps) != 0:
        failures.append("tcplab's notes disagree with tshark's tcp.analysis flags")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
