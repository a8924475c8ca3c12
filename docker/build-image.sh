#!/usr/bin/env bash
# Builds the cloudtrust-lab image (docker/Dockerfile); `make image` runs it.
#   docker/build-image.sh [TAG]          default TAG: cloudtrust-lab:latest
#   BASE=IMAGE docker/build-image.sh     build on IMAGE instead of choosing
# 1. Stages the build context in .cache/docker-context: bin/, clients/, emulator/, scenarios/,
#    package.json and the lock, and the runtime node_modules (`npm ci --omit=dev` run here on the
#    host, from npm's cache when it has the packages), so the build itself needs no registry.
# 2. Chooses the base: BASE when set; else node:26-bookworm-slim when it is present or can be
#    pulled; else the local base of docker/build-offline-base.sh (built when missing).
# 3. docker build --build-arg BASE=... and prints the image size.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TAG="${1:-cloudtrust-lab:latest}"
REGISTRY_BASE=node:26-bookworm-slim
LOCAL_BASE=cloudtrust-lab-base:node26
CTX="$ROOT/.cache/docker-context"
export PATH="$(bash "$ROOT/scripts/node.sh"):$PATH"

# 1. The context. node_modules is re-installed only when the lock changed.
mkdir -p "$CTX"
if ! cmp -s "$ROOT/package-lock.json" "$CTX/package-lock.json" || [ ! -d "$CTX/node_modules" ]; then
  rm -rf "$CTX/node_modules"
  cp "$ROOT/package.json" "$ROOT/package-lock.json" "$CTX/"
  (cd "$CTX" && npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error)
fi
rm -rf "$CTX/bin" "$CTX/clients" "$CTX/emulator" "$CTX/scenarios"
cp -R "$ROOT/bin" "$ROOT/clients" "$ROOT/emulator" "$ROOT/scenarios" "$CTX/"
cp "$ROOT/package.json" "$CTX/"
printf 'Dockerfile\n.dockerignore\n' >"$CTX/.dockerignore"
cp "$ROOT/docker/Dockerfile" "$CTX/Dockerfile"

# 2. The base.
base="${BASE:-}"
if [ -z "$base" ]; then
  if docker image inspect "$REGISTRY_BASE" >/dev/null 2>&1 || timeout 60 docker pull -q "$REGISTRY_BASE" >/dev/null 2>&1; then
    base="$REGISTRY_BASE"
  else
    echo "build-image: $REGISTRY_BASE cannot be pulled (no registry); building on the local base $LOCAL_BASE"
    docker image inspect "$LOCAL_BASE" >/dev/null 2>&1 || bash "$ROOT/docker/build-offline-base.sh" "$LOCAL_BASE"
    base="$LOCAL_BASE"
  fi
fi

# 3. The image. The classic builder is asked for when no buildx plugin is installed (Debian's
# docker.io has none, and newer CLIs refuse BuildKit without it).
if docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=1; else export DOCKER_BUILDKIT=0; fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! docker build --build-arg "BASE=$base" -t "$TAG" "$CTX" >"$log" 2>&1; then
  cat "$log" >&2; echo "build-image: docker build failed" >&2; exit 1
fi
size="$(docker image inspect -f '{{.Size}}' "$TAG")"
echo "build-image: $TAG on $base, $((size / 1000 / 1000)) MB"
