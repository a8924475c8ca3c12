/**
 * The single EncTicketPart encoding of service tickets (tgs/ticket-encoding.ts): the ticket
 * signature's input (PAC replaced by one zero byte, MS-PAC 2.8.3) with the signed PAC put in must
 * be byte for byte what the encoder writes for the part with that PAC, across every DER length
 * size the enclosing TLVs can take.
 */
import { describe, expect, it } from 'vitest';
import {
  AD_TYPE,
  encodeEncTicketPart,
  pacAuthorizationData,
  TR_TYPE,
  type AuthorizationData,
  type EncTicketPart,
} from '../../../../../emulator/kerberos/asn1/index.ts';
import { replaceTrailingOctet } from '../../../../../emulator/kerberos/kdc/tgs/ticket-encoding.ts';

const base: EncTicketPart = {
  flags: 0x40810000,
  key: { keytype: 18, keyvalue: new Uint8Array(32).fill(7) },
  crealm: 'FABRIKAM.LOCAL',
  cname: { nameType: 1, nameString: ['alice'] },
  transited: { trType: TR_TYPE.DOMAIN_X500_COMPRESS, contents: new Uint8Array(0) },
  authtime: 1_700_000_000_000,
  starttime: 1_700_000_000_000,
  endtime: 1_700_036_000_000,
  renewTill: 1_700_604_800_000,
};

function pacOfSize(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 5) & 0xff;
  return b;
}

const withAd = (ad: AuthorizationData): EncTicketPart => ({ ...base, authorizationData: ad });

describe('replaceTrailingOctet: one encoding for the ticket signature and the sealed ticket', () => {
  const sizes = [1, 2, 60, 0x7f - 40, 0x7f, 0x80, 0xc0, 0xff, 0x100, 0x3f0, 0xfff0, 0xffff, 0x10000, 60_000];
  it.each(sizes)('a PAC of %i bytes gives the encoder\'s bytes', (n) => {
    const pac = pacOfSize(n);
    const signing = encodeEncTicketPart(withAd(pacAuthorizationData(new Uint8Array([0]))));
    expect(replaceTrailingOctet(signing, pac)).toEqual(encodeEncTicketPart(withAd(pacAuthorizationData(pac))));
  });

  it('keeps ad-data elements before the PAC', () => {
    const prior: AuthorizationData = [{ adType: AD_TYPE.AD_IF_RELEVANT + 1000, adData: pacOfSize(300) }];
    const pac = pacOfSize(900);
    const signing = encodeEncTicketPart(withAd([...prior, ...pacAuthorizationData(new Uint8Array([0]))]));
    expect(replaceTrailingOctet(signing, pac)).toEqual(encodeEncTicketPart(withAd([...prior, ...pacAuthorizationData(pac)])));
  });

  it('refuses an encoding whose last byte is not a one-byte OCTET STRING 0x00 (RangeError)', () => {
    const pac = pacOfSize(10);
    expect(() => replaceTrailingOctet(encodeEncTicketPart(base), pac)).toThrow(RangeError);
    expect(() => replaceTrailingOctet(encodeEncTicketPart(withAd(pacAuthorizationData(new Uint8Array([1])))), pac)).toThrow(RangeError);
    expect(() => replaceTrailingOctet(encodeEncTicketPart(withAd(pacAuthorizationData(new Uint8Array([0, 0])))), pac)).toThrow(RangeError);
    const signing = encodeEncTicketPart(withAd(pacAuthorizationData(new Uint8Array([0]))));
    expect(() => replaceTrailingOctet(signing.subarray(0, signing.length - 1), pac)).toThrow(RangeError);
  });
});
