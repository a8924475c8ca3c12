/**
 * Our Kerberos ASN.1 against a second implementation: impacket.krb5.asn1 (pyasn1, Debian
 * python3-impacket, run with /usr/bin/python3 through test/interop/impacket_asn1.py).
 * - every sample message we encode is decoded by impacket and re-encoded by it to the same DER;
 * - an AS-REQ and a key-list TGS-REQ built the way impacket's tools build them decode with ours,
 *   carry the expected fields and re-encode byte-identically.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as k from '../../emulator/kerberos/asn1/index.ts';
import * as s from '../unit/kerberos/asn1/samples.ts';
import { SAMPLES } from '../unit/kerberos/asn1/samples.ts';

const SCRIPT = fileURLToPath(new URL('./impacket_asn1.py', import.meta.url));

interface Reply {
  roundtrip?: ({ hex: string } | { error: string })[];
  build?: Record<string, string>;
}

function oracle(request: unknown): Reply {
  const r = spawnSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`/usr/bin/python3 could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`impacket oracle failed (is python3-impacket installed?): ${r.stderr}`);
  return JSON.parse(r.stdout) as Reply;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

/**
 * Known differences, each asserted precisely (so the test notices when impacket changes):
 * - TYPED-DATA: impacket 0.10.0's TYPED_DATA class cannot decode anything (AttributeError inside
 *   pyasn1: its componentType is a NamedTypes instead of a SEQUENCE);
 * - an empty optional SEQUENCE OF: pyasn1's DER encoder drops it (omitEmptyOptionals), which
 *   changes the abstract value; X.690 and we keep it present.
 */
const KNOWN: Record<string, (reply: { hex: string } | { error: string }) => void> = {
  'TYPED-DATA': (r) => expect(r).toHaveProperty('error'),
  'EncTicketPart (empty caddr kept)': (r) => {
    const { caddr: _dropped, ...withoutCaddr } = s.encTicketPartEmptyCaddr;
    expect(r).toEqual({ hex: hex(k.encodeEncTicketPart(withoutCaddr)) });
  },
};

describe('impacket decodes what we encode, to the same DER', () => {
  const items = SAMPLES.map(([name, codec, value]) => ({
    name,
    type: name.replace(/ \(.*\)$/, ''),
    hex: hex(k.encode(codec, value)),
  }));
  const reply = oracle({ roundtrip: items.map(({ type, hex: h }) => ({ type, hex: h })) });

  items.forEach((item, i) => {
    it(item.name, () => {
      const r = reply.roundtrip?.[i];
      if (!r) throw new Error('no answer from the oracle');
      const known = KNOWN[item.name];
      if (known) known(r);
      else expect(r).toEqual({ hex: item.hex });
    });
  });

  it('impacket rejects what we reject (fields out of order)', () => {
    const r = oracle({ roundtrip: [{ type: 'PrincipalName', hex: '3010a10930071b05616c696365a003020101' }] });
    expect(r.roundtrip?.[0]).toHaveProperty('error');
  });
});

describe('we decode what impacket builds', () => {
  const built = oracle({ build: true }).build!;

  it('AS-REQ as getTGT builds it (nonce with the top bit set, 5-octet INTEGER)', () => {
    const der = fromHex(built['AS-REQ']);
    const req = k.decodeAsReq(der);
    expect(hex(k.encodeAsReq(req))).toBe(built['AS-REQ']);
    expect(req.reqBody.nonce).toBe(0xdeadbeef);
    expect(k.KDC_OPTIONS.names(req.reqBody.kdcOptions)).toEqual(['forwardable', 'proxiable', 'renewable']);
    expect(req.reqBody.etype).toEqual([18, 17, 23]);
    expect(req.reqBody.cname).toEqual({ nameType: 1, nameString: ['alice'] });
    expect(req.reqBody.till).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(k.findPaValue(req.padata, k.PA.PA_PAC_REQUEST)).toEqual({ includePac: true });
  });

  it('key-list TGS-REQ as impacket KeyListSecrets builds it', () => {
    const der = fromHex(built['TGS-REQ key list']);
    const req = k.decodeTgsReq(der);
    expect(hex(k.encodeTgsReq(req))).toBe(built['TGS-REQ key list']);
    expect(req.reqBody.kdcOptions).toBe(k.KDC_OPTIONS.from(['canonicalize']));
    expect(req.reqBody.cname).toBeUndefined();
    const ap = k.findPaValue(req.padata, k.PA.PA_TGS_REQ)!;
    expect(ap.ticket.encPart.kvno! >>> 16).toBe(0x1234); // RODC number in the top 16 bits
    expect(ap.ticket.sname.nameString).toEqual(['krbtgt', 'FABRIKAM.LOCAL']);
    expect(ap.authenticator.kvno).toBeUndefined();
    const keyList = req.padata!.find((p) => p.padataType === k.PA.KERB_KEY_LIST_REQ)!;
    expect(hex(keyList.padataValue)).toBe('3003020117');
    expect(k.paValue(keyList, k.PA.KERB_KEY_LIST_REQ)).toEqual([23]);
  });
});
