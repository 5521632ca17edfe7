#!/usr/bin/env python3
"""Real Linux TCP, captured: tcplab analyze must infer the states the kernel had.

In a network namespace of its own (created and removed here, traffic only on its loopback), Python
sockets make real connections, one case per port: handshake and data, close from either side,
half-close with data, a connect to a closed port, close with unread data, SO_LINGER 0. tcpdump
captures them while `ss -tan` samples the kernel's states. Then `tcplab analyze` reads the capture:

  - every state ss saw must be the state tcplab infers for that socket at that time (within the
    sampling's own uncertainty: ss's reading and the packet timestamps are a few hundred
    microseconds apart, so a change within 3 ms of a sample may be on either side of it);
  - the states each case exists to show must have been seen by ss (else the case proved nothing);
  - each RST has the rule that explains it;
  - tcplab's per-segment notes agree with tshark's tcp.analysis flags (tshark_agree.py).

usage: kernel_capture.py TCPLAB WORKDIR     exit 77 (skipped) when not root or a tool is missing
"""
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tshark_agree  # noqa: E402

HOLD = 0.25          # seconds each interesting state is held, so ss samples it many times
TOLERANCE_NS = 3_000_000
SS_STATE = {"ESTAB": "ESTABLISHED", "SYN-SENT": "SYN_SENT", "SYN-RECV": "SYN_RCVD", "FIN-WAIT-1": "FIN_WAIT_1",
            "FIN-WAIT-2": "FIN_WAIT_2", "TIME-WAIT": "TIME_WAIT", "CLOSE-WAIT": "CLOSE_WAIT",
            "LAST-ACK": "LAST_ACK", "CLOSING": "CLOSING", "LISTEN": "LISTEN"}


def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(4)
    return s


def case_client_closes(port):
    """Handshake, 100 bytes each way, the client closes first: FIN_WAIT_2 / CLOSE_WAIT, then TIME_WAIT."""
    ls = listener(port)
    c = socket.create_connection(("127.0.0.1", port))
    s, _ = ls.accept()
    time.sleep(HOLD)
    c.sendall(b"x" * 100)
    s.recv(100)
    s.sendall(b"y" * 100)
    c.recv(100)
    c.shutdown(socket.SHUT_WR)
    time.sleep(HOLD)
    s.close()
    time.sleep(HOLD)
    c.close()
    ls.close()
    return {"A": {"ESTABLISHED", "FIN_WAIT_2", "TIME_WAIT"}, "B": {"ESTABLISHED", "CLOSE_WAIT"}}


def case_server_closes(port):
    """The server closes first: the server goes through FIN_WAIT_2 to TIME_WAIT, the client CLOSE_WAIT."""
    ls = listener(port)
    c = socket.create_connection(("127.0.0.1", port))
    s, _ = ls.accept()
    time.sleep(HOLD)
    s.shutdown(socket.SHUT_WR)
    time.sleep(HOLD)
    c.close()
    time.sleep(HOLD)
    s.close()
    ls.close()
    return {"A": {"ESTABLISHED", "CLOSE_WAIT"}, "B": {"ESTABLISHED", "FIN_WAIT_2", "TIME_WAIT"}}


def case_half_close(port):
    """Half-close: the client shuts down its side, the server keeps sending in CLOSE_WAIT."""
    ls = listener(port)
    c = socket.create_connection(("127.0.0.1", port))
    s, _ = ls.accept()
    c.shutdown(socket.SHUT_WR)
    time.sleep(HOLD)
    for _ in range(3):
        s.sendall(b"z" * 1000)
        time.sleep(0.05)
    got = 0
    while got < 3000:
        got += len(c.recv(4096))
    time.sleep(HOLD)
    s.close()
    time.sleep(HOLD)
    c.close()
    ls.close()
    return {"A": {"FIN_WAIT_2", "TIME_WAIT"}, "B": {"CLOSE_WAIT"}}


def case_closed_port(port):
    """connect() to a port nobody listens on: RST,ACK (RFC 9293 3.10.7.1)."""
    c = socket.socket()
    try:
        c.connect(("127.0.0.1", port))
    except ConnectionRefusedError:
        pass
    c.close()
    return {"rst_rule": "3.10.7.1"}


def case_unread_data(port):
    """The server closes with data it never read: RST instead of FIN (RFC 2525 2.17)."""
    ls = listener(port)
    c = socket.create_connection(("127.0.0.1", port))
    s, _ = ls.accept()
    c.sendall(b"u" * 100)
    time.sleep(HOLD)
    s.close()
    time.sleep(HOLD)
    c.close()
    ls.close()
    return {"A": {"ESTABLISHED"}, "B": {"ESTABLISHED"}, "rst_rule": "abort"}


def case_linger0(port):
    """SO_LINGER {on, 0}: close() aborts with RST (RFC 9293 3.10.5)."""
    ls = listener(port)
    c = socket.create_connection(("127.0.0.1", port))
    s, _ = ls.accept()
    time.sleep(HOLD)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    time.sleep(HOLD)
    s.close()
    ls.close()
    return {"A": {"ESTABLISHED"}, "B": {"ESTABLISHED"}, "rst_rule": "abort"}


CASES = [(9101, case_client_closes), (9102, case_server_closes), (9103, case_half_close), (9104, case_closed_port),
         (9105, case_unread_data), (9106, case_linger0)]


def sampler(stop, samples):
    while not stop.is_set():
        t0 = time.time_ns()
        out = subprocess.run(["ss", "-tanH"], capture_output=True, text=True).stdout
        t1 = time.time_ns()
        for line in out.splitlines():
            f = line.split()
            if len(f) >= 5 and f[0] in SS_STATE and f[0] != "LISTEN":
                samples.append({"t0": t0, "t1": t1, "state": SS_STATE[f[0]], "local": f[3], "peer": f[4]})
        time.sleep(0.002)


def inside(workdir):
    """Runs in the namespace: capture, sample, make the connections."""
    dumps = []
    # Two captures of the same traffic: on lo (Ethernet framing) and on "any" (Linux cooked, SLL2).
    for iface, name in (("lo", "kernel.pcap"), ("any", "kernel-any.pcap")):
        dump = subprocess.Popen(["tcpdump", "-i", iface, "--immediate-mode", "-U", "-s", "0", "-w",
                                 os.path.join(workdir, name), "tcp"], stderr=subprocess.PIPE, text=True)
        dumps.append(dump)
        seen = ""
        while "listening" not in seen:  # "listening on lo ..." once it is capturing
            line = dump.stderr.readline()
            if not line:
                for d in dumps:
                    d.kill()
                raise SystemExit("tcpdump did not start: " + seen)
            seen += line
    samples, expect = [], {}
    stop = threading.Event()
    th = threading.Thread(target=sampler, args=(stop, samples))
    th.start()
    time.sleep(0.05)
    for port, case in CASES:
        expect[port] = {k: sorted(v) if isinstance(v, set) else v for k, v in case(port).items()}
        time.sleep(0.05)
    time.sleep(0.1)
    stop.set()
    th.join()
    time.sleep(0.1)
    for dump in dumps:
        dump.send_signal(signal.SIGINT)
        dump.wait(timeout=10)
    with open(os.path.join(workdir, "samples.json"), "w") as f:
        json.dump({"samples": samples, "expect": {str(k): v for k, v in expect.items()}}, f)


def state_at(states, t):
    s = states[0]["state"]
    for st in states:
        if st["time_ns"] > t:
            break
        s = st["state"]
    return s


def check(tcplab, workdir, pcap):
    with open(os.path.join(workdir, "samples.json")) as f:
        data = json.load(f)
    r = subprocess.run([tcplab, "analyze", pcap, "--connection", "all", "--json", "-"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        return [f"tcplab analyze failed with status {r.returncode}"]
    doc = json.loads(r.stdout)
    conns = [c["capture"] | {"trace_hosts": c["hosts"]} for c in doc["connections"]]
    failures = []
    seen = {}  # (port, side) -> states ss saw
    checked = unknown = 0
    for smp in data["samples"]:
        for c in conns:
            side = "A" if (c["a"], c["b"]) == (smp["local"], smp["peer"]) else \
                   "B" if (c["b"], c["a"]) == (smp["local"], smp["peer"]) else None
            if side is None:
                continue
            first = c["segments"][0]["time_ns"]
            if smp["t1"] < first:
                continue  # before this incarnation
            states = c["states"][side]
            lo, hi = smp["t0"] - TOLERANCE_NS, smp["t1"] + TOLERANCE_NS
            # Where the capture missed a segment, the analysis says its states are not known.
            if any(sp["from_ns"] <= hi and lo <= sp["to_ns"] for sp in c["uncertain_spans"]):
                unknown += 1
                continue
            window = {state_at(states, lo), state_at(states, hi)} | {s["state"] for s in states if lo <= s["time_ns"] <= hi}
            port = int(c["b"].rsplit(":", 1)[1])
            seen.setdefault((port, side), set()).add(smp["state"])
            checked += 1
            if smp["state"] not in window:
                failures.append(f"connection {c['connection']} ({c['a']} -> {c['b']}): ss saw {side} in "
                                f"{smp['state']} at {(smp['t0'] - first) / 1e6:.3f} ms, tcplab infers {sorted(window)}")
    for port, exp in data["expect"].items():
        port = int(port)
        for side in ("A", "B"):
            missing = set(exp.get(side, [])) - seen.get((port, side), set())
            if missing:
                failures.append(f"port {port}: ss never saw {side} in {sorted(missing)}: the case proved nothing")
        if "rst_rule" in exp:
            why = [t for c in conns if c["b"].endswith(f":{port}") for s in c["segments"] for t in s["text"]]
            rst = [c for c in doc["connections"] if c["capture"]["b"].endswith(f":{port}")]
            rst_texts = []
            for c in rst:
                for s, e in zip(c["capture"]["segments"], [e for e in c["entries"] if e["kind"] == "segment_sent"]):
                    if "RST" in e["params"]["flags"]:
                        rst_texts += s["text"]
            if not any(exp["rst_rule"] in t for t in rst_texts):
                failures.append(f"port {port}: no RST explained by '{exp['rst_rule']}' (got {rst_texts or why})")
    print(f"{len(data['samples'])} ss samples, {checked} matched to {len(conns)} captured connections, {unknown} in "
          f"spans the analysis marks unknown (a segment the capture missed)")
    if checked < 100:
        failures.append(f"only {checked} ss samples matched a connection")
    if tshark_agree.main_for(tcplab, [pcap]) != 0:
        failures.append("tcplab's notes disagree with tshark's tcp.analysis flags")
    return failures


def main():
    tcplab, workdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if len(sys.argv) > 3 and sys.argv[3] == "--inside":
        inside(workdir)
        return 0
    if os.geteuid() != 0:
        print("SKIP: needs root (network namespaces, tcpdump)")
        return 77
    for tool in ("ip", "tcpdump", "ss", "tshark", "editcap"):
        if not shutil.which(tool):
            print(f"SKIP: {tool} is not installed")
            return 77
    os.makedirs(workdir, exist_ok=True)
    ns = f"tcplab-cap-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"], check=True)
        subprocess.run(["ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__), tcplab, workdir,
                        "--inside"], check=True, timeout=120)
    finally:
        subprocess.run(["ip", "netns", "del", ns])
    # The lo capture as tcpdump wrote it, the same as pcapng (editcap), and the "any" capture (SLL2).
    lo = os.path.join(workdir, "kernel.pcap")
    ng = os.path.join(workdir, "kernel.pcapng")
    subprocess.run(["editcap", "-F", "pcapng", lo, ng], check=True)
    failures = []
    for pcap, link in ((lo, "EN10MB"), (ng, "EN10MB"), (os.path.join(workdir, "kernel-any.pcap"), "LINUX_SLL2")):
        out = subprocess.run([tcplab, "analyze", pcap], capture_output=True, text=True).stdout
        print(out.splitlines()[0] if out else f"{pcap}: no output")
        if f"link type {link}" not in out or (pcap.endswith("pcapng") != (": pcapng," in out)):
            failures.append(f"{pcap}: expected link type {link} ({out.splitlines()[:1]})")
        failures += [f"{os.path.basename(pcap)}: {f}" for f in check(tcplab, workdir, pcap)]
    for f in failures:
        print("FAIL:", f)
    print("kernel capture:", "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
