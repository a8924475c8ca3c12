#!/usr/bin/env bash
# Prints the bin folder of the Node.js that make runs the lab and the tests on:
#   - the system's node when it is a maintained LTS line that runs TypeScript itself
#     (22.18 or later, 24, 26);
#   - otherwise (Node 20 and older, an odd-numbered release, none at all) the pinned Node 26 that
#     scripts/install-node.sh puts in .cache/node-26, installed on first use.
# CTLAB_NODE_MAJOR=22|24|26 forces a pinned build of that line instead of the system's.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

if [ -n "${CTLAB_NODE_MAJOR:-}" ]; then
  dest="$(bash "$ROOT/scripts/install-node.sh" "$CTLAB_NODE_MAJOR")"; echo "$dest/bin"; exit 0
fi
if command -v node >/dev/null 2>&1; then
  v="$(node -p 'process.versions.node' 2>/dev/null || true)"
  major="${v%%.*}"; rest="${v#*.}"; minor="${rest%%.*}"
  case "$major" in
    24|26) dirname "$(command -v node)"; exit 0 ;;
    22) if [ "${minor:-0}" -ge 18 ]; then dirname "$(command -v node)"; exit 0; fi ;;
  esac
  if [ ! -x "$ROOT/.cache/node-26/bin/node" ]; then
    echo "node: the system's Node ${v:-?} is not a supported LTS line (22.18+, 24, 26); installing a pinned Node 26 into .cache/node-26" >&2
  fi
fi
dest="$(bash "$ROOT/scripts/install-node.sh" 26)"
echo "$dest/bin"
