import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import { checksum, KeyUsage } from '../../../../emulator/kerberos/crypto/index.ts';
import {
  decodePac,
  decodePacType,
  encodePacContents,
  PAC_TYPE,
  type PacBuffer,
  signPac,
  verifyPac,
} from '../../../../emulator/kerberos/pac/index.ts';
import { h } from './helpers.ts';

const aes256 = (fill: number) => ({ etype: 18, bytes: new Uint8Array(32).fill(fill) });
const aes128 = (fill: number) => ({ etype: 17, bytes: new Uint8Array(16).fill(fill) });
const rc4 = (fill: number) => ({ etype: 23, bytes: new Uint8Array(16).fill(fill) });
const serverKey = aes256(0x11);
const kdcKey = aes256(0x22);

function unsigned(): PacBuffer[] {
  return encodePacContents({
    logonInfo: {
      logonTime: 1n, logoffTime: 2n, kickOffTime: 3n, passwordLastSet: 4n, passwordCanChange: 5n, passwordMustChange: 6n,
      effectiveName: 'u', fullName: '', logonScript: '', profilePath: '', homeDirectory: '', homeDirectoryDrive: '',
      logonCount: 0, badPasswordCount: 0, userId: 1105, primaryGroupId: 513, groupIds: [{ relativeId: 513, attributes: 7 }],
      userFlags: 0, userSessionKey: new Uint8Array(16), logonServer: 'DC', logonDomainName: 'D', logonDomainId: 'S-1-5-21-1-2-3',
      reserved1: new Uint8Array(8), userAccountControl: 0x10, subAuthStatus: 0, lastSuccessfulILogon: 0n, lastFailedILogon: 0n,
      failedILogonCount: 0, reserved3: 0, extraSids: [], resourceGroupDomainSid: null, resourceGroupIds: [],
    },
    clientInfo: { clientId: 7n, name: 'u' },
    requestor: { sid: 'S-1-5-21-1-2-3-1105' },
  });
}

const where = (pac: Uint8Array, type: number) => {
  const b = decodePacType(pac).find((x) => x.type === type);
  if (!b) throw new Error(`no buffer ${type}`);
  return b;
};
const flip = (pac: Uint8Array, at: number) => {
  const c = pac.slice();
  c[at] ^= 0x01;
  return c;
};
const statuses = (pac: Uint8Array, o: Parameters<typeof verifyPac>[1]) => {
  const r = verifyPac(pac, o);
  return [r.server, r.kdc, r.ticket, r.full];
};

describe('PAC signatures (MS-PAC 2.8)', () => {
  it('server signature = keyed checksum (usage 17) over the PAC with both signatures zeroed; KDC = over the server signature', () => {
    const pac = signPac(unsigned(), { serverKey, kdcKey });
    const s = where(pac, PAC_TYPE.SERVER_CHECKSUM);
    const k = where(pac, PAC_TYPE.PRIVSVR_CHECKSUM);
    expect([s.data.length, k.data.length]).toEqual([16, 16]);
    expect(hex(s.data.subarray(0, 4))).toBe('10000000'); // HMAC_SHA1_96_AES256
    const zeroed = pac.slice();
    zeroed.fill(0, s.offset + 4, s.offset + 16);
    zeroed.fill(0, k.offset + 4, k.offset + 16);
    expect(hex(s.data.subarray(4))).toBe(hex(checksum(16, serverKey, KeyUsage.KERB_NON_KERB_CKSUM_SALT, zeroed)));
    expect(hex(k.data.subarray(4))).toBe(hex(checksum(16, kdcKey, 17, s.data.subarray(4))));
    expect(statuses(pac, { serverKey, kdcKey })).toEqual(['valid', 'valid', 'absent', 'absent']);
    expect(decodePac(pac).buffers.map((b) => b.type)).toEqual([1, 10, 0x12, 6, 7]);
  });

  it('fails on any tampered byte where the signature covers it', () => {
    const pac = signPac(unsigned(), { serverKey, kdcKey });
    const s = where(pac, PAC_TYPE.SERVER_CHECKSUM);
    const k = where(pac, PAC_TYPE.PRIVSVR_CHECKSUM);
    expect(statuses(flip(pac, where(pac, PAC_TYPE.LOGON_INFO).offset + 0x40), { serverKey, kdcKey })).toEqual(['invalid', 'valid', 'absent', 'absent']); // LOGON_INFO
    expect(statuses(flip(pac, 0), { serverKey, kdcKey })[0]).toBe('invalid'); // cBuffers is signed too
    expect(statuses(flip(pac, s.offset + 6), { serverKey, kdcKey })).toEqual(['invalid', 'invalid', 'absent', 'absent']);
    expect(statuses(flip(pac, k.offset + 4), { serverKey, kdcKey })).toEqual(['valid', 'invalid', 'absent', 'absent']);
    expect(statuses(pac, { serverKey: aes256(0x12), kdcKey: aes256(0x23) })).toEqual(['invalid', 'invalid', 'absent', 'absent']);
    expect(statuses(pac, { serverKey: aes128(0x11), kdcKey })[0]).toBe('invalid'); // checksum type does not match the key
    expect(statuses(pac, {})).toEqual(['unchecked', 'unchecked', 'absent', 'absent']);
  });

  it('uses the checksum type of each key: HMAC-MD5 (-138) for RC4, AES128 (15)', () => {
    const pac = signPac(unsigned(), { serverKey: aes128(3), kdcKey: rc4(4) });
    expect(decodePac(pac).serverChecksum?.signatureType).toBe(15);
    expect(decodePac(pac).kdcChecksum?.signatureType).toBe(-138);
    expect(decodePac(pac).kdcChecksum?.signature.length).toBe(16);
    expect(statuses(pac, { serverKey: aes128(3), kdcKey: rc4(4) })).toEqual(['valid', 'valid', 'absent', 'absent']);
    expect(statuses(flip(pac, where(pac, PAC_TYPE.LOGON_INFO).offset + 0x40), { serverKey: aes128(3), kdcKey: rc4(4) })[0]).toBe('invalid');
  });

  it('RODC: the 2-byte RODCIdentifier follows the KDC signature and round-trips', () => {
    const pac = signPac(unsigned(), { serverKey, kdcKey, rodcIdentifier: 0x6c2a });
    const k = where(pac, PAC_TYPE.PRIVSVR_CHECKSUM);
    expect(k.data.length).toBe(4 + 12 + 2);
    expect(hex(k.data.subarray(16))).toBe('2a6c');
    expect(decodePac(pac).kdcChecksum?.rodcIdentifier).toBe(0x6c2a);
    expect(decodePac(pac).serverChecksum?.rodcIdentifier).toBeUndefined();
    const r = verifyPac(pac, { serverKey, kdcKey });
    expect([r.server, r.kdc, r.rodcIdentifier]).toEqual(['valid', 'valid', 0x6c2a]);
    // The server signature zeroes the whole KDC signature buffer, RODCIdentifier included (Heimdal, MIT).
    const zeroed = pac.slice();
    const s = where(pac, PAC_TYPE.SERVER_CHECKSUM);
    zeroed.fill(0, s.offset + 4, s.offset + 16);
    zeroed.fill(0, k.offset + 4, k.offset + 18);
    expect(hex(s.data.subarray(4))).toBe(hex(checksum(16, serverKey, 17, zeroed)));
    expect(verifyPac(signPac(unsigned(), { serverKey, kdcKey }), { serverKey, kdcKey }).rodcIdentifier).toBeUndefined();
    expect(() => signPac(unsigned(), { serverKey, kdcKey, rodcIdentifier: 0x10000 })).toThrow(RangeError);
  });

  it('ticket signature: krbtgt key over the caller-supplied EncTicketPart bytes, with the RODC id', () => {
    const ticketSigningData = h('6382011430820110a007030500fedcba98');
    const pac = signPac(unsigned(), { serverKey, kdcKey, ticketSigningData, rodcIdentifier: 7 });
    const t = where(pac, PAC_TYPE.TICKET_CHECKSUM);
    expect(hex(t.data)).toBe('10000000' + hex(checksum(16, kdcKey, 17, ticketSigningData)) + '0700');
    expect(statuses(pac, { serverKey, kdcKey, ticketSigningData })).toEqual(['valid', 'valid', 'valid', 'absent']);
    expect(statuses(pac, { serverKey, kdcKey, ticketSigningData: flip(ticketSigningData, 3) })[2]).toBe('invalid');
    expect(statuses(pac, { serverKey, kdcKey })[2]).toBe('unchecked');
    expect(statuses(flip(pac, t.offset + 5), { serverKey, kdcKey, ticketSigningData })).toEqual(['invalid', 'valid', 'invalid', 'absent']);
  });

  it('extended KDC (full PAC) signature: computed before the server signature, which then covers it', () => {
    const pac = signPac(unsigned(), { serverKey, kdcKey, fullChecksum: true, rodcIdentifier: 3 });
    expect(decodePac(pac).buffers.map((b) => b.type)).toEqual([1, 10, 0x12, 6, 7, 0x13]);
    const s = where(pac, PAC_TYPE.SERVER_CHECKSUM);
    const k = where(pac, PAC_TYPE.PRIVSVR_CHECKSUM);
    const f = where(pac, PAC_TYPE.FULL_CHECKSUM);
    expect(hex(f.data.subarray(16))).toBe('0300');
    const allZero = pac.slice();
    for (const b of [s, k, f]) allZero.fill(0, b.offset + 4, b.offset + b.data.length);
    expect(hex(f.data.subarray(4, 16))).toBe(hex(checksum(16, kdcKey, 17, allZero)));
    expect(statuses(pac, { serverKey, kdcKey })).toEqual(['valid', 'valid', 'absent', 'valid']);
    expect(statuses(flip(pac, where(pac, PAC_TYPE.LOGON_INFO).offset + 0x40), { serverKey, kdcKey })).toEqual(['invalid', 'valid', 'absent', 'invalid']);
    expect(statuses(flip(pac, f.offset + 4), { serverKey, kdcKey })).toEqual(['invalid', 'valid', 'absent', 'invalid']);
  });

  it('re-signing keeps the buffer order and reproduces the same bytes; unrequested signature buffers are dropped', () => {
    const opts = { serverKey, kdcKey, fullChecksum: true, ticketSigningData: h('00') };
    const pac = signPac(unsigned(), opts);
    const bufs = decodePac(pac).buffers;
    expect(hex(signPac(bufs, opts))).toBe(hex(pac));
    const moved = [bufs[3], bufs[4], ...bufs.slice(0, 3), ...bufs.slice(5)];
    const resigned = signPac(moved, opts);
    expect(decodePac(resigned).buffers.map((b) => b.type)).toEqual([6, 7, 1, 10, 0x12, 0x10, 0x13]);
    expect(statuses(resigned, { ...opts })).toEqual(['valid', 'valid', 'valid', 'valid']);
    expect(decodePac(signPac(bufs, { serverKey, kdcKey })).buffers.map((b) => b.type)).toEqual([1, 10, 0x12, 6, 7]);
  });
});
