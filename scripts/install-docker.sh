#!/usr/bin/env bash
# Makes a Docker engine answer `docker info` for the container suite and `make image`, and
# installs Debian's docker-compose when no `docker compose` is there:
#   - an engine already answering: nothing to do;
#   - no engine: installs Debian's docker.io when dockerd is missing (as root; its service is
#     kept from starting, as in install-apt.sh) and starts dockerd in the background
#     (log: /tmp/ctlab-dockerd.log), then waits up to 60 s for it.
# Exit 1 when no engine can be had (not root, no package, dockerd does not come up). make test
# then fails under CI=true and otherwise lets the suite skip itself with one line saying why.
set -euo pipefail

# docker compose (the CLI plugin) or Debian's docker-compose, for the compose test.
install_compose() {
  docker compose version >/dev/null 2>&1 && return 0
  command -v docker-compose >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || { echo "install-docker: no docker compose, and installing docker-compose needs root" >&2; return 0; }
  echo "install-docker: installing docker-compose"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; }
}

if docker info >/dev/null 2>&1; then install_compose; exit 0; fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then echo "install-docker: no Docker engine, and installing docker.io needs root" >&2; exit 1; fi
  echo "install-docker: installing docker.io"
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
  trap 'if [ $created_policy -eq 1 ]; then rm -f "$policy"; fi' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || apt-get update
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi
install_compose

if [ "$(id -u)" -ne 0 ]; then echo "install-docker: dockerd is installed but not running, and starting it needs root" >&2; exit 1; fi
# A dockerd still shutting down keeps its pid file: wait for it; a stale file (no such process) goes.
pidfile=/var/run/docker.pid
if [ -f "$pidfile" ]; then
  old="$(cat "$pidfile" 2>/dev/null || true)"
  for _ in $(seq 1 30); do { [ -n "$old" ] && kill -0 "$old" 2>/dev/null; } || break; sleep 1; done
  rm -f "$pidfile"
fi
echo "install-docker: starting dockerd (log: /tmp/ctlab-dockerd.log)"
setsid dockerd >/tmp/ctlab-dockerd.log 2>&1 < /dev/null &
pid=$!
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then echo "install-docker: dockerd $(docker info --format '{{.ServerVersion}}') is up (pid $pid)"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
echo "install-docker: dockerd did not come up; last lines of /tmp/ctlab-dockerd.log:" >&2
tail -n 20 /tmp/ctlab-dockerd.log >&2
exit 1
