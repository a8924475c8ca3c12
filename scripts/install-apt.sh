#!/usr/bin/env bash
# Installs the Debian packages that the lab's interop tests drive (real clients and a reference
# KDC). Idempotent: only missing packages are installed. Daemons that packages would start are
# kept from starting (policy-rc.d), so nothing ends up listening on all interfaces.
set -euo pipefail

PKGS=(
  krb5-user          # kinit, klist, kvno: the MIT client the KDC must satisfy
  krb5-kdc           # krb5kdc: the reference KDC for captures and benchmarks
  krb5-admin-server  # kadmin.local: creates principals in a throwaway MIT KDC database
  ldap-utils         # ldapsearch
  bind9-dnsutils     # dig
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
  curl               # every Entra endpoint over HTTP and HTTPS
  python3-samba      # Samba's own KDC conformance suite (samba.tests.krb5), run against the lab
  chromium           # the training page's browser test (playwright-core drives it; no browser download)
)

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
