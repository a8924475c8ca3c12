#!/usr/bin/env bash
# Installs the Debian packages the lab's real clients come from. Idempotent: only missing packages
# are installed. Daemons that packages would start are kept from starting (policy-rc.d), so
# nothing ends up listening on all interfaces.
#   scripts/install-apt.sh lab    what a user of `make lab` drives the lab with (MIT krb5 client,
#                                 ldapsearch, dig, curl)
#   scripts/install-apt.sh [test] everything the interop tests and benchmarks drive (make test)
set -euo pipefail

LAB_PKGS=(
  krb5-user          # kinit, klist, kvno: the MIT client the KDC must satisfy
  ldap-utils         # ldapsearch
  bind9-dnsutils     # dig
  curl               # the token endpoint over HTTP and HTTPS
)

PKGS=(
  "${LAB_PKGS[@]}"
  krb5-kdc           # krb5kdc: the reference KDC for captures and benchmarks
  krb5-admin-server  # kadmin.local: creates principals in a throwaway MIT KDC database
  python3-impacket   # impacket's Kerberos, PAC and RODC-ticket code
  python3-ldap3
  samba-common-bin   # net ads lookup (CLDAP netlogon ping)
  adcli              # adcli info (netlogon over TCP LDAP)
  # The Samba 4.17 AD DC reference (/work/shared/reference/samba-ad.sh) that `npm run bench -- --ldap`
  # measures the lab's LDAP server against:
  samba samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind ldb-tools
  python3-cryptography  # the PRT client of the Entra interop test (RSA-OAEP, AES-GCM, CSR)
  python3-jwt        # its request JWT and Hello assertion
  python3-requests   # its HTTPS calls to the token endpoint
  python3-samba      # Samba's own KDC conformance suite (samba.tests.krb5), run against the lab
  chromium           # the training page's browser test (playwright-core drives it; no browser download)
)

case "${1:-test}" in
  lab) PKGS=("${LAB_PKGS[@]}") ;;
  test) ;;
  *) echo "install-apt: usage: install-apt.sh [lab|test]" >&2; exit 2 ;;
esac

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-apt: need root to install: ${missing[*]}" >&2; exit 1
fi
echo "install-apt: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1
fi
trap 'if [ $created_policy -eq 1 ]; then rm -f "$policy"; fi' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || apt-get update
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-apt: done"
