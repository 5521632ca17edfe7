#!/usr/bin/env bash
# Native GUI smoke test: runs tcplab-gui under Xvfb for 120 frames of the three-way handshake run
# to its end, and checks that it exits 0, reports both hosts ESTABLISHED (RFC 9293 3.5, Figure 6)
# and wrote a screenshot that is not a blank frame.
#   gui_smoke.sh TCPLAB_GUI OUT.ppm
set -euo pipefail
gui=$1 out=$2
[ -x "$gui" ] || { echo "gui_smoke: $gui not built (scripts/test.d/10-web.sh builds it)"; exit 1; }
rm -f "$out"
states=$(timeout 240 xvfb-run -a -s "-screen 0 1280x800x24" \
  "$gui" --frames 120 --scenario 01-three-way-handshake --run-to-end --screenshot "$out")
echo "states: $states"
python3 - "$out" "$states" <<'PY'
import json, sys
path, states = sys.argv[1], json.loads(sys.argv[2].strip().splitlines()[-1])
assert states.get("A") == "ESTABLISHED" and states.get("B") == "ESTABLISHED", f"expected both ESTABLISHED, got {states}"
data = open(path, "rb").read()
header, _, rest = data.partition(b"\n255\n")
magic, w, h = header.split()
assert magic == b"P6" and len(rest) == int(w) * int(h) * 3, "bad PPM"
colors = {rest[i:i + 3] for i in range(0, len(rest), 3 * 7)}
assert len(colors) > 50, f"screenshot looks blank ({len(colors)} colours)"
print(f"gui_smoke: ok, {w.decode()}x{h.decode()} screenshot with {len(colors)} sampled colours")
PY
