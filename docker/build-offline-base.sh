#!/usr/bin/env bash
# Builds a local base image with no registry: `docker import` of a root filesystem assembled on
# this machine from
#   - the pinned Node 26 of scripts/install-node.sh (.cache/node-26, from the npm registry,
#     sha512-checked), debug symbols stripped when `strip` is there (150 MB -> 117 MB; .dynsym stays),
#   - the shared libraries `ldd` says that binary needs, at the paths the loader looks in,
#   - the host's CA bundle, and a minimal /etc: passwd/group with root and a non-root `node`
#     (uid/gid 1000, as in the official node images, so docker/Dockerfile works on either base),
#     nsswitch.conf, and /tmp (1777).
# No shell, no package manager: the image's only program is node (HEALTHCHECK and RUN steps use
# the exec form). It stands in for node:26-bookworm-slim: `docker build --build-arg BASE=<tag>`.
#
#   docker/build-offline-base.sh [TAG]      default TAG: cloudtrust-lab-base:node26
#
# Chosen over `debootstrap --variant=minbase bookworm` (measured here: 37 s and 206 MB of rootfs
# before Node, and it needs the Debian mirror) because this takes a few seconds, needs no network
# once Node is cached, and gives a smaller image. Needs a glibc Linux x86-64 host.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TAG="${1:-cloudtrust-lab-base:node26}"

node_dir="$(bash "$ROOT/scripts/install-node.sh" 26)"
node_bin="$node_dir/bin/node"
version="$("$node_bin" --version)"

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc/ssl/certs" "$rootfs/tmp" "$rootfs/home/node" "$rootfs/app"
chmod 1777 "$rootfs/tmp"
cp "$node_bin" "$rootfs/usr/local/bin/node"
if command -v strip >/dev/null 2>&1; then strip "$rootfs/usr/local/bin/node"; fi

# Every library the binary needs (and the loader), copied with symlinks resolved to the path the
# loader asks for. ldd prints "name => /path (addr)" or "/path (addr)" for the loader itself.
while read -r lib; do
  [ -n "$lib" ] || continue
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done < <(ldd "$node_bin" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' | sort -u)

if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
fi
cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
node:x:1000:1000:node:/home/node:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
node:x:1000:
nogroup:x:65534:
GROUP
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
chown -R 1000:1000 "$rootfs/home/node"

tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "LABEL org.opencontainers.image.title=cloudtrust-lab-base org.opencontainers.image.description=Node_${version}_offline_base" \
  --change 'CMD ["node"]' \
  - "$TAG" >/dev/null
docker run --rm "$TAG" node -e 'process.stdout.write(`build-offline-base: ${process.argv[1]} runs Node ${process.version}\n`)' "$TAG"
