import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import {
  decodeLogonInfo,
  decodePac,
  encodeLogonInfo,
  encodePacType,
  filetimeFromMs,
  type GroupMembership,
  type KerbValidationInfo,
  type SidAndAttributes,
  signPac,
  verifyPac,
} from '../../../../emulator/kerberos/pac/index.ts';
import { h, keyOf, loadVector } from './helpers.ts';

const pairs = (g: GroupMembership[]) => g.map((x) => [x.relativeId, x.attributes]);
const sidPairs = (s: SidAndAttributes[]) => s.map((x) => [x.sid, x.attributes]);
const types = (pac: ReturnType<typeof decodePac>) => pac.buffers.map((b) => b.type);

/** The KERB_VALIDATION_INFO fields, groups, extra SIDs and resource groups a vector expects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectLogonInfo(li: KerbValidationInfo, e: any): void {
  for (const f of ['effectiveName', 'fullName', 'logonCount', 'userId', 'primaryGroupId', 'userFlags', 'logonServer',
    'logonDomainName', 'logonDomainId', 'userAccountControl', 'resourceGroupDomainSid'] as const) {
    expect(li[f]).toBe(e[f]);
  }
  expect(pairs(li.groupIds)).toEqual(e.groups);
  expect(sidPairs(li.extraSids)).toEqual(e.extraSids);
  expect(pairs(li.resourceGroupIds)).toEqual(e.resourceGroups);
}

/** Decode, re-encode: every real-world LOGON_INFO and container must come back byte-identical. */
function reencodesIdentically(pacBytes: Uint8Array) {
  const pac = decodePac(pacBytes);
  expect(hex(encodePacType(pac.buffers))).toBe(hex(pacBytes));
  const li = pac.buffers.find((b) => b.type === 1);
  expect(li).toBeDefined();
  expect(hex(encodeLogonInfo(decodeLogonInfo(li?.data ?? new Uint8Array(0))))).toBe(hex(li?.data ?? new Uint8Array(1)));
  return pac;
}

describe('MS-PAC vectors', () => {
  it('[MS-PAC] section 3 example decodes to the documented values and re-encodes byte for byte', () => {
    const v = loadVector('ms-pac-section3-example.json');
    const pac = reencodesIdentically(h(v.input.pacHex));
    const e = v.expected;
    expect(types(pac)).toEqual(e.bufferTypes);
    const li = pac.logonInfo as KerbValidationInfo;
    const x = e.logonInfo;
    for (const f of ['logonTime', 'logoffTime', 'kickOffTime', 'passwordLastSet', 'passwordCanChange'] as const) {
      expect(li[f]).toBe(BigInt(x[f]));
    }
    for (const f of ['effectiveName', 'fullName', 'logonScript', 'profilePath', 'homeDirectory', 'homeDirectoryDrive', 'logonCount',
      'badPasswordCount', 'userId', 'primaryGroupId', 'userFlags', 'logonServer', 'logonDomainName', 'logonDomainId',
      'userAccountControl', 'resourceGroupDomainSid'] as const) {
      expect(li[f]).toBe(x[f]);
    }
    expect(li.groupIds).toHaveLength(x.groupCount);
    expect(pairs(li.groupIds.slice(0, 4))).toEqual(x.firstGroups);
    expect(pairs(li.groupIds.slice(-1))).toEqual([x.lastGroup]);
    expect(li.extraSids).toHaveLength(x.sidCount);
    expect(sidPairs(li.extraSids.slice(0, 2))).toEqual(x.firstExtraSids);
    expect(li.resourceGroupIds).toHaveLength(x.resourceGroupCount);
    const clientId = new DataView(h(e.clientInfo.clientIdLeHex).buffer).getBigUint64(0, true);
    expect(pac.clientInfo).toEqual({ clientId, name: e.clientInfo.name });
    expect(pac.serverChecksum?.signatureType).toBe(e.serverChecksum.signatureType);
    expect(hex(pac.serverChecksum?.signature ?? new Uint8Array(0))).toBe(e.serverChecksum.signatureHex);
    expect(hex(pac.kdcChecksum?.signature ?? new Uint8Array(0))).toBe(e.kdcChecksum.signatureHex);
  });

  it('Samba/MIT saved PAC: both RC4 signatures verify, and re-signing reproduces the Windows bytes', () => {
    const v = loadVector('samba-saved-pac-rc4.json');
    const bytes = h(v.input.pacHex);
    const serverKey = keyOf(v.input.serverKey);
    const kdcKey = keyOf(v.input.kdcKey);
    const pac = reencodesIdentically(bytes);
    expect(types(pac)).toEqual(v.expected.bufferTypes);
    expect(pac.buffers[0].data.length).toBe(v.expected.logonInfoLength);
    expect(pac.clientInfo).toEqual({ clientId: filetimeFromMs(v.input.authTimeSeconds * 1000), name: v.expected.clientName });
    const r = verifyPac(bytes, { serverKey, kdcKey });
    expect([r.server, r.kdc, r.ticket, r.full]).toEqual([v.expected.server, v.expected.kdc, 'absent', 'absent']);
    expect(hex(signPac(pac.buffers, { serverKey, kdcKey }))).toBe(v.input.pacHex);
  });

  it('gokrb5 AD PAC: documented fields and a valid AES256 server signature', () => {
    const v = loadVector('gokrb5-ad-pac-aes256.json');
    const bytes = h(v.input.pacHex);
    const pac = reencodesIdentically(bytes);
    const e = v.expected;
    expect(types(pac)).toEqual(e.bufferTypes);
    const li = pac.logonInfo as KerbValidationInfo;
    for (const f of ['effectiveName', 'fullName', 'logonCount', 'userId', 'primaryGroupId', 'userFlags', 'logonServer',
      'logonDomainName', 'logonDomainId', 'userAccountControl'] as const) {
      expect(li[f]).toBe(e.logonInfo[f]);
    }
    expect(li.logonTime).toBe(BigInt(e.logonInfo.logonTime));
    expect(pairs(li.groupIds)).toEqual(e.logonInfo.groups);
    expect(sidPairs(li.extraSids)).toEqual(e.logonInfo.extraSids);
    expect(pac.clientInfo).toEqual({ clientId: BigInt(e.clientInfo.clientId), name: e.clientInfo.name });
    expect(pac.upnDnsInfo).toEqual(e.upnDnsInfo);
    expect(pac.serverChecksum?.signatureType).toBe(e.serverChecksum.signatureType);
    expect(hex(pac.serverChecksum?.signature ?? new Uint8Array(0))).toBe(e.serverChecksum.signatureHex);
    expect(pac.kdcChecksum?.signatureType).toBe(e.kdcChecksum.signatureType);
    const r = verifyPac(bytes, { serverKey: keyOf(v.input.serverKey) });
    expect([r.server, r.kdc]).toEqual([e.server, 'unchecked']);
    const tampered = bytes.slice();
    tampered[0x60] ^= 1; // inside LOGON_INFO
    expect(verifyPac(tampered, { serverKey: keyOf(v.input.serverKey) }).server).toBe('invalid');
  });

  it('MIT t_pac Windows 2008 S4U PAC: valid AES256 server signature and UPN_DNS_INFO', () => {
    const v = loadVector('mit-t_pac-s4u-aes256.json');
    const bytes = h(v.input.pacHex);
    const pac = reencodesIdentically(bytes);
    expect(types(pac)).toEqual(v.expected.bufferTypes);
    expect(pac.buffers[0].data.length).toBe(v.expected.logonInfoLength);
    expect(pac.clientInfo).toEqual({ clientId: filetimeFromMs(v.input.authTimeSeconds * 1000), name: v.expected.clientName });
    expect(pac.upnDnsInfo).toEqual(v.expected.upnDnsInfo);
    expect(verifyPac(bytes, { serverKey: keyOf(v.input.serverKey) }).server).toBe(v.expected.server);
  });

  it('gokrb5 cross-domain LOGON_INFO: extra SIDs and resource groups with UserFlags 0x220', () => {
    const v = loadVector('gokrb5-logon-info-resource-groups.json');
    const b = h(v.input.logonInfoHex);
    const li = decodeLogonInfo(b);
    const e = v.expected;
    expectLogonInfo(li, e);
    expect(hex(encodeLogonInfo(li))).toBe(v.input.logonInfoHex);
  });
});

describe('impacket-built PAC vector', () => {
  it('decodes to the fields impacket was asked to write, and its signatures verify with our crypto', () => {
    const v = loadVector('impacket-built-pac.json');
    const bytes = h(v.input.pacHex);
    const pac = decodePac(bytes);
    const e = v.expected;
    expect(types(pac)).toEqual(e.bufferTypes);
    expect(hex(encodePacType(pac.buffers))).toBe(v.input.pacHex);
    const li = pac.logonInfo as KerbValidationInfo;
    expectLogonInfo(li, e);
    expect(li.logonTime).toBe(filetimeFromMs(e.authTimeSeconds * 1000));
    expect(pac.clientInfo).toEqual({ clientId: filetimeFromMs(e.authTimeSeconds * 1000), name: e.clientName });
    expect(pac.upnDnsInfo).toEqual(e.upnDnsInfo);
    const r = verifyPac(bytes, { serverKey: keyOf(v.input.request.serverKey), kdcKey: keyOf(v.input.request.kdcKey) });
    expect([r.server, r.kdc]).toEqual([e.server, e.kdc]);
  });
});
