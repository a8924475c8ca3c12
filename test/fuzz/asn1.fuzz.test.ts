/**
 * Bounded, seeded fuzzing of every top-level Kerberos ASN.1 decoder: random bytes, random bytes
 * behind a plausible tag, and mutated valid messages (bit flips, truncations, length-octet
 * changes, inserted/deleted bytes). Each call must return a value or throw DecodeError, nothing
 * else; a value that decodes must re-encode and decode to the same value.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../emulator/core/errors.ts';
import * as k from '../../emulator/kerberos/asn1/index.ts';
import { fromHex, loadJson } from '../unit/kerberos/asn1/helpers.ts';
import * as s from '../unit/kerberos/asn1/samples.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, mutate, nudgeByte, setByteFrom, truncate } from '../support/mutate.ts';

const ITERATIONS_PER_DECODER = 300;

/** Length octets for this fuzzer: the common ones plus long forms 0x83 and 0x88. */
const ASN1_LENGTH_OCTETS = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x88, 0xff];
const MUTATORS = [bitFlip, truncate, setByteFrom(ASN1_LENGTH_OCTETS), nudgeByte, insertBytes(4), deleteRun(4)];

interface Target {
  name: string;
  decode: (b: Uint8Array) => unknown;
  /** Re-encodes a decoded value (for the stability check); omitted where there is no encoder. */
  encode?: (v: never) => Uint8Array;
  seeds: Uint8Array[];
}

const capture = loadJson<{ vectors: { input: string }[] }>('test/vectors/captures/mit-kinit-as-exchange.json');
const mit = capture.vectors.map((v) => fromHex(v.input));

function t<T>(name: string, codec: k.Codec<T>, seeds: T[], extra: Uint8Array[] = []): Target {
  return {
    name,
    decode: (b) => k.decode(codec, b),
    encode: ((v: T) => k.encode(codec, v)) as (v: never) => Uint8Array,
    seeds: [...seeds.map((x) => k.encode(codec, x)), ...extra],
  };
}

const TARGETS: Target[] = [
  { name: 'decodeKerberosMessage', decode: k.decodeKerberosMessage, seeds: [...mit, k.encodeTgsReq(s.tgsReq), k.encodeKrbCred(s.krbCred), k.encodeApRep(s.apRep), k.encodeApReq(s.apReq), k.encodeTgsRep(s.tgsRep)] },
  t('AS-REQ', k.AsReq, [s.asReq], [mit[0], mit[2]]),
  t('AS-REP', k.AsRep, [s.asRep], [mit[3]]),
  t('TGS-REQ', k.TgsReq, [s.tgsReq]),
  t('TGS-REP', k.TgsRep, [s.tgsRep]),
  t('AP-REQ', k.ApReq, [s.apReq]),
  t('AP-REP', k.ApRep, [s.apRep]),
  t('KRB-ERROR', k.KrbErrorMessage, [s.krbErrorFull, s.krbErrorTyped], [mit[1]]),
  t('KRB-CRED', k.KrbCred, [s.krbCred]),
  t('EncKrbCredPart', k.EncKrbCredPart, [s.encKrbCredPart]),
  t('Ticket', k.Ticket, [s.ticket]),
  t('EncTicketPart', k.EncTicketPart, [s.encTicketPartFull, s.encTicketPartMin]),
  t('Authenticator', k.Authenticator, [s.authenticator]),
  t('EncASRepPart', k.EncAsRepPart, [s.encKdcRepPart]),
  t('EncTGSRepPart', k.EncTgsRepPart, [s.encKdcRepPart, s.encKdcRepPartMin]),
  t('EncAPRepPart', k.EncApRepPart, [s.encApRepPart]),
  t('KDC-REQ-BODY', k.KdcReqBody, [s.reqBody]),
  t('METHOD-DATA', k.MethodData, [s.tgsReq.padata!]),
  t('TYPED-DATA', k.TypedData, [[{ dataType: 3, dataValue: Uint8Array.of(1, 2) }]]),
  t('AuthorizationData', k.AuthorizationData, [s.encTicketPartFull.authorizationData!]),
  // S4U2Self padata (MS-SFU 2.2.1, 2.2.2): what a client puts in PA-FOR-USER / PA-S4U-X509-USER.
  t('PA-FOR-USER', k.PaForUser, [{ userName: { nameType: 1, nameString: ['alice'] }, userRealm: 'FABRIKAM.LOCAL', cksum: { cksumtype: -138, checksum: new Uint8Array(16).fill(7) }, authPackage: 'Kerberos' }]),
  t('PA-S4U-X509-USER', k.PaS4uX509User, [
    { userId: { nonce: 4242, cname: { nameType: 1, nameString: ['alice'] }, crealm: 'FABRIKAM.LOCAL', options: 0x20000000 }, checksum: { cksumtype: 16, checksum: new Uint8Array(12).fill(9) } },
    { userId: { nonce: 1, crealm: 'FABRIKAM.LOCAL', subjectCertificate: new Uint8Array([0x30, 0x00]) }, checksum: { cksumtype: 15, checksum: new Uint8Array(12) } },
  ]),
  t('PA-ENC-TS-ENC', k.PaEncTsEnc, [{ patimestamp: 0, pausec: 1 }]),
  // FAST (RFC 6113 5.4): what an armored client sends (PA-FX-FAST, and KrbFastReq once decrypted).
  t('PA-FX-FAST-REQUEST', k.PaFxFastRequest, [
    { armor: { armorType: 1, armorValue: k.encodeApReq(s.apReq) }, reqChecksum: { cksumtype: 16, checksum: new Uint8Array(12).fill(3) }, encFastReq: { etype: 18, cipher: new Uint8Array(40).fill(5) } },
    { reqChecksum: { cksumtype: 16, checksum: new Uint8Array(12) }, encFastReq: { etype: 18, cipher: new Uint8Array(40) } },
  ]),
  t('KrbFastReq', k.KrbFastReq, [{ fastOptions: 0x40000000, padata: [{ padataType: 138, padataValue: new Uint8Array(8) }], reqBody: s.tgsReq.reqBody }]),
  t('KERB-ERROR-DATA', k.KerbErrorData, [{ dataType: 3, dataValue: Uint8Array.of(0x6d, 0, 0, 0xc0) }]),
  { name: 'decodeEncKdcRepPart', decode: k.decodeEncKdcRepPart, seeds: [k.encodeEncAsRepPart(s.encKdcRepPart), k.encodeEncTgsRepPart(s.encKdcRepPart)] },
  { name: 'reqBodyBytes', decode: k.reqBodyBytes, seeds: [mit[0], k.encodeTgsReq(s.tgsReq)] },
  {
    name: 'decodeAdIfRelevant',
    decode: (b) => k.decodeAdIfRelevant({ adType: k.AD_TYPE.AD_IF_RELEVANT, adData: b }),
    seeds: [s.encTicketPartFull.authorizationData![0].adData],
  },
  ...Object.entries(k.PA_REGISTRY).map(([type, codec]) => ({
    name: `PA_REGISTRY[${type}] ${codec.name}`,
    decode: (b: Uint8Array) => codec.decode(b),
    encode: ((v: never) => codec.encode(v)) as (v: never) => Uint8Array,
    seeds: [
      ...[...(s.tgsReq.padata ?? []), ...(s.asReq.padata ?? []), ...(s.asRep.padata ?? []), ...(s.encKdcRepPart.encryptedPaData ?? [])]
        .filter((p) => p.padataType === Number(type))
        .map((p) => p.padataValue),
      // PA-ETYPE-INFO appears in no sample message: Windows' hint for an RC4-only client.
      ...(Number(type) === k.PA.PA_ETYPE_INFO ? [k.encode(k.EtypeInfo, [{ etype: 23, salt: new Uint8Array(0) }, { etype: 18, salt: new TextEncoder().encode('FABRIKAM.LOCALalice') }])] : []),
    ],
  })),
];

function check(target: Target, input: Uint8Array): 'ok' | 'rejected' {
  let value: unknown;
  try {
    value = target.decode(input);
  } catch (e) {
    if (e instanceof DecodeError) return 'rejected';
    throw new Error(`${target.name} threw ${(e as Error)?.name} on ${Buffer.from(input).toString('hex')}`, { cause: e });
  }
  if (target.encode) {
    const again = target.encode(value as never);
    expect(target.decode(again)).toEqual(value);
  }
  return 'ok';
}

describe('ASN.1 decoders under random and mutated input', () => {
  for (const target of TARGETS) {
    it(target.name, () => {
      const rng = new FuzzRng(`asn1-fuzz:${target.name}`);
      const tally = { ok: 0, rejected: 0 };
      for (const seed of target.seeds) expect(check(target, seed)).toBe('ok');
      for (let i = 0; i < ITERATIONS_PER_DECODER; i++) {
        let input: Uint8Array;
        const mode = rng.int(10);
        if (mode === 0) input = rng.bytes(rng.int(300));
        else if (mode === 1) input = Uint8Array.from([rng.pick(target.seeds)[0] ?? 0x30, ...rng.bytes(rng.int(200))]);
        else input = mutate(rng, rng.pick(target.seeds), MUTATORS, 3);
        tally[check(target, input)]++;
      }
      expect(tally.ok + tally.rejected).toBe(ITERATIONS_PER_DECODER);
      expect(tally.rejected).toBeGreaterThan(0);
    });
  }
});
