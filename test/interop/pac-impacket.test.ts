/**
 * Our MS-PAC against a second implementation: impacket 0.10.0 (Debian python3-impacket, run with
 * /usr/bin/python3 through test/interop/py/impacket_pac.py).
 * (1) a PAC we build and sign is parsed by impacket.krb5.pac (PACTYPE, PAC_INFO_BUFFER,
 *     VALIDATION_INFO via NDR, PAC_CLIENT_INFO, UPN_DNS_INFO, PAC_SIGNATURE_DATA) with the fields we
 *     put in, and every signature recomputes with impacket.krb5.crypto under the same keys;
 * (2) a PAC impacket builds the way ticketer.py does decodes with ours, fields and signatures.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../emulator/core/bytes.ts';
import {
  buildSignedPac,
  decodePac,
  decodePacType,
  FILETIME_NEVER,
  filetimeFromMs,
  type PacSignOptions,
  type PacUserDescription,
  UPN_DNS_FLAGS,
  verifyPac,
} from '../../emulator/kerberos/pac/index.ts';

const SCRIPT = fileURLToPath(new URL('./py/impacket_pac.py', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function impacket(request: unknown): any {
  const r = spawnSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`/usr/bin/python3 could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`impacket PAC oracle failed (is python3-impacket installed?): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const keyJson = (k: { etype: number; bytes: Uint8Array }) => ({ etype: k.etype, hex: hex(k.bytes) });
const aes256 = { etype: 18, bytes: fromHex('3f'.repeat(16) + 'a5'.repeat(16)) };
const aes128 = { etype: 17, bytes: fromHex('0123456789abcdef0123456789abcdef') };
const rc4 = { etype: 23, bytes: fromHex('b286757148af7fd252c53603a150b7e7') };
const AUTH = Date.UTC(2025, 5, 30, 12, 0, 0);

const user: PacUserDescription = {
  samAccountName: 'mlindqvist',
  fullName: 'Märta Lindqvist',
  logonScript: 'logon.cmd',
  netbiosDomainName: 'CONTOSO',
  dnsDomainName: 'contoso.com',
  logonServer: 'RODC01',
  domainSid: 'S-1-5-21-1004336348-1177238915-682003330',
  userRid: 1604,
  groups: [1105, 1106],
  extraSids: ['S-1-18-1', { sid: 'S-1-5-21-3623811015-3361044348-30300820-1013', attributes: 0x20000007 }],
  resourceGroups: { domainSid: 'S-1-5-21-2222-3333-4444', groups: [1201, 1202] },
  upn: 'marta@contoso.com',
  userAccountControl: 0x210,
  authTime: AUTH,
  passwordLastSet: AUTH - 3_600_000,
  logonCount: 42,
  pacAttributes: 1,
  requestor: true,
};

describe('(1) impacket parses and verifies a PAC we build', () => {
  const ticketSigningData = fromHex('6382011430820110a007030500fedcba98a1133011a003020101');
  const cases: Array<[string, PacSignOptions]> = [
    ['AES256 keys, RODC identifier, ticket and full checksums', { serverKey: aes256, kdcKey: aes256, rodcIdentifier: 0x6c2a, ticketSigningData, fullChecksum: true }],
    ['AES128 server key, RC4 (HMAC-MD5) krbtgt key', { serverKey: aes128, kdcKey: rc4 }],
  ];
  for (const [name, sign] of cases) {
    it(name, () => {
      const pac = buildSignedPac(user, sign);
      const r = impacket({
        op: 'decode',
        pacHex: hex(pac),
        serverKey: keyJson(sign.serverKey),
        kdcKey: keyJson(sign.kdcKey),
        ticketSigningDataHex: hex(ticketSigningData),
      });
      expect(r.version).toBe(0);
      expect(r.buffers).toEqual(decodePacType(pac).map((b) => [b.type, b.data.length, b.offset]));
      const li = r.logonInfo;
      expect([li.EffectiveName, li.FullName, li.LogonScript, li.ProfilePath]).toEqual(['mlindqvist', 'Märta Lindqvist', 'logon.cmd', '']);
      expect([li.UserId, li.PrimaryGroupId, li.LogonDomainId]).toEqual([1604, 513, user.domainSid]);
      expect([li.GroupCount, li.GroupIds]).toEqual([3, [[513, 7], [1105, 7], [1106, 7]]]);
      expect([li.SidCount, li.ExtraSids]).toEqual([2, [['S-1-18-1', 7], ['S-1-5-21-3623811015-3361044348-30300820-1013', 0x20000007]]]);
      expect([li.ResourceGroupDomainSid, li.ResourceGroupCount, li.ResourceGroupIds]).toEqual([
        'S-1-5-21-2222-3333-4444', 2, [[1201, 0x20000007], [1202, 0x20000007]],
      ]);
      expect([li.UserFlags, li.UserAccountControl, li.LogonCount]).toEqual([0x220, 0x210, 42]);
      expect([li.LogonServer, li.LogonDomainName]).toEqual(['RODC01', 'CONTOSO']);
      expect([li.LogonTime, li.PasswordLastSet, li.LogoffTime]).toEqual([
        String(filetimeFromMs(AUTH)), String(filetimeFromMs(AUTH - 3_600_000)), String(FILETIME_NEVER),
      ]);
      expect(r.clientInfo).toEqual({ clientId: String(filetimeFromMs(AUTH)), name: 'mlindqvist' });
      expect(r.upnDnsInfo).toEqual({
        upn: 'marta@contoso.com', dnsDomainName: 'CONTOSO.COM', flags: UPN_DNS_FLAGS.S,
        samName: 'mlindqvist', sid: `${user.domainSid}-1604`,
      });
      expect(r.attributesInfo).toEqual({ flagsLength: 2, flags: [1] });
      expect(r.requestor).toBe(`${user.domainSid}-1604`);
      const ours = decodePac(pac);
      expect(r.signatures['6']).toEqual({ type: ours.serverChecksum?.signatureType, signature: hex(ours.serverChecksum?.signature ?? new Uint8Array(0)), rodcIdentifier: null });
      expect(r.signatures['7'].rodcIdentifier).toBe(sign.rodcIdentifier ?? null);
      const expectVerify: Record<string, boolean> = { server: true, kdc: true };
      if (sign.fullChecksum) expectVerify.full = true;
      if (sign.ticketSigningData) expectVerify.ticket = true;
      expect(r.verify).toEqual(expectVerify);
    });
  }

  it('and impacket rejects it once a LOGON_INFO byte changes (the oracle can fail)', () => {
    const pac = buildSignedPac(user, { serverKey: aes256, kdcKey: aes256, fullChecksum: true });
    const li = decodePacType(pac)[0];
    pac[li.offset + 0x30] ^= 0x01;
    const r = impacket({ op: 'decode', pacHex: hex(pac), serverKey: keyJson(aes256), kdcKey: keyJson(aes256) });
    expect(r.verify).toEqual({ server: false, kdc: true, full: false });
  });
});

describe('(2) we decode and verify a PAC impacket builds', () => {
  const request = {
    op: 'build',
    seed: 11,
    user: 'svc-report',
    fullName: 'Reporting Service',
    logonCount: 3,
    userId: 2210,
    primaryGroupId: 513,
    groups: [513, 1130, 1131],
    logonServer: 'DC01',
    domain: 'FABRIKAM',
    domainSid: 'S-1-5-21-3-2-1',
    uac: 0x10,
    extraSids: ['S-1-5-21-9-8-7-1000', 'S-1-18-2'],
    resourceGroupDomainSid: 'S-1-5-21-7-7-7',
    resourceGroupIds: [1400],
    upn: 'svc-report@fabrikam.com',
    dnsDomainName: 'FABRIKAM.COM',
    authTime: 1751284800,
    serverKey: keyJson(aes256),
    kdcKey: keyJson(rc4),
  };

  it('every field impacket wrote, and both signatures, check out with our decoder and crypto', () => {
    const pac = fromHex(impacket(request).pacHex);
    const d = decodePac(pac);
    expect(d.buffers.map((b) => b.type)).toEqual([1, 10, 12, 6, 7]);
    const li = d.logonInfo;
    expect(li).toBeDefined();
    if (!li) return;
    expect([li.effectiveName, li.fullName, li.logonCount, li.userId, li.primaryGroupId]).toEqual(['svc-report', 'Reporting Service', 3, 2210, 513]);
    expect(li.groupIds).toEqual([513, 1130, 1131].map((relativeId) => ({ relativeId, attributes: 7 })));
    expect([li.logonServer, li.logonDomainName, li.logonDomainId, li.userAccountControl, li.userFlags]).toEqual(['DC01', 'FABRIKAM', 'S-1-5-21-3-2-1', 0x10, 0x220]);
    expect(li.extraSids).toEqual([{ sid: 'S-1-5-21-9-8-7-1000', attributes: 7 }, { sid: 'S-1-18-2', attributes: 7 }]);
    expect([li.resourceGroupDomainSid, li.resourceGroupIds]).toEqual(['S-1-5-21-7-7-7', [{ relativeId: 1400, attributes: 0x20000007 }]]);
    expect(li.logonTime).toBe(filetimeFromMs(1751284800_000));
    expect(d.clientInfo).toEqual({ clientId: filetimeFromMs(1751284800_000), name: 'svc-report' });
    expect(d.upnDnsInfo).toEqual({ upn: 'svc-report@fabrikam.com', dnsDomainName: 'FABRIKAM.COM', flags: 0 });
    expect([d.serverChecksum?.signatureType, d.kdcChecksum?.signatureType]).toEqual([16, -138]);
    const v = verifyPac(pac, { serverKey: aes256, kdcKey: rc4 });
    expect([v.server, v.kdc]).toEqual(['valid', 'valid']);
    const tampered = pac.slice();
    tampered[d.buffers[0].offset + 0x30] ^= 0x01;
    expect(verifyPac(tampered, { serverKey: aes256, kdcKey: rc4 }).server).toBe('invalid');
  });

  it('the recorded impacket vector regenerates byte for byte from its request', () => {
    const v = JSON.parse(readFileSync(new URL('../vectors/ms-pac/impacket-built-pac.json', import.meta.url), 'utf8'));
    expect(impacket(v.input.request).pacHex).toBe(v.input.pacHex);
  });
});
