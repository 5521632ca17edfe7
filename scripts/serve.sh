#!/usr/bin/env bash
# The README's main command: installs what is needed, builds the web app and serves it on
# http://127.0.0.1:PORT (default 8080, or the next free port), printing the URL. Ctrl-C stops it.
#   scripts/serve.sh [--port PORT | PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
want=${PORT:-8080}
case "${1:-}" in
  --port) want=${2:?--port needs a number} ;;
  --port=*) want=${1#--port=} ;;
  "") ;;
  *) want=$1 ;;
esac
[[ "$want" =~ ^[0-9]+$ ]] || { echo "usage: $0 [--port PORT]" >&2; exit 2; }
scripts/build-web.sh

free_port() {
  python3 - "$1" <<'PY'
import socket, sys
want = int(sys.argv[1])
for port in [want] + list(range(want + 1, want + 50)) + [0]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        print(s.getsockname()[1])
        break
    except OSError:
        pass
    finally:
        s.close()
PY
}
port=$(free_port "$want")
echo
echo "tcplab is served at:  http://127.0.0.1:$port/"
echo "  single-file build:  http://127.0.0.1:$port/tcplab.html   (also works opened from disk: build/web/site/tcplab.html)"
echo "  Ctrl-C stops the server."
echo
cd build/web/site
exec python3 -m http.server --bind 127.0.0.1 "$port"
