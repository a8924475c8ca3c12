/**
 * A real FAST client's bytes: MIT `kinit -T` against the lab (test/vectors/captures/
 * mit-kinit-fast-as-exchange.json, made by generate-mit-fast.ts; the source is in the file).
 * From the fixture world's krbtgt key the test opens MIT's armor TGT, derives the armor key
 * (KRB-FX-CF2 of the armor subkey and the ticket session key), verifies MIT's req-checksum over
 * the outer KDC-REQ-BODY, decrypts MIT's KrbFastReq and PA-ENCRYPTED-CHALLENGE, checks that our
 * codecs re-encode MIT's KrbFastReq byte for byte, and reads the lab's armored error and reply
 * as MIT did (nonce, finished, ticket checksum, strengthened reply key).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import {
  decode,
  decodeApReq,
  decodeAsRep,
  decodeAsReq,
  decodeAuthenticator,
  decodeEncAsRepPart,
  decodeKrbError,
  decodeKrbFastReq,
  decodeKrbFastResponse,
  decodePaFxFastReply,
  decodePaFxFastRequest,
  encodeKrbFastReq,
  encodeTicket,
  EncryptedData,
  FX_FAST_ARMOR,
  MethodData,
  PA,
  PaEncTsEnc,
  type PaData,
} from '../../../../emulator/kerberos/asn1/index.ts';
import { decrypt, KeyUsage, stringToKey, verifyChecksum, type KerberosKey } from '../../../../emulator/kerberos/crypto/index.ts';
import { cf2 } from '../../../../emulator/kerberos/crypto/prf.ts';
import { tgsReqBodyBytes } from '../../../../emulator/kerberos/kdc/tgs/req-body.ts';
import { unsealTicketWith } from '../../../../emulator/kerberos/kdc/ticket.ts';
import { KeyTable } from '../../../../emulator/kerberos/keys/keytable.ts';
import { loadWorld } from '../../../../emulator/world.ts';

const capture = JSON.parse(readFileSync(new URL('../../../vectors/captures/mit-kinit-fast-as-exchange.json', import.meta.url), 'utf8'));
const frames: Uint8Array[] = capture.vectors.map((v: { input: string }) => fromHex(v.input));
const dir = loadWorld(new URL(`../../../../${capture.setup.fixture}`, import.meta.url).pathname).directory;
const keys = KeyTable.build(dir);
const pa = (list: readonly PaData[] | undefined, type: number) => list?.find((p) => p.padataType === type);
const key = (k: { keytype: number; keyvalue: Uint8Array }): KerberosKey => ({ etype: k.keytype, bytes: k.keyvalue });

/** Opens an armored AS-REQ as the KDC does: the armor key and MIT's KrbFastReq (plaintext too). */
function openArmored(raw: Uint8Array) {
  const req = decodeAsReq(raw);
  const armored = decodePaFxFastRequest(pa(req.padata, PA.PA_FX_FAST)!.padataValue);
  expect(armored.armor?.armorType).toBe(FX_FAST_ARMOR.AP_REQUEST);
  const apReq = decodeApReq(armored.armor!.armorValue);
  expect(apReq.ticket.sname.nameString).toEqual(['krbtgt', capture.setup.realm]);
  const part = unsealTicketWith(apReq.ticket, [keys.forAccount(dir.krbtgt)!.current]).part;
  expect(part.cname.nameString).toEqual([capture.setup.armorClient]);
  const sessionKey = key(part.key);
  const auth = decodeAuthenticator(decrypt(sessionKey, KeyUsage.AP_REQ_AUTH, apReq.authenticator.cipher));
  const armorKey = cf2(key(auth.subkey!), sessionKey, 'subkeyarmor', 'ticketarmor');
  const ck = armored.reqChecksum;
  const plain = decrypt(armorKey, KeyUsage.FAST_ENC, armored.encFastReq.cipher);
  return { req, armorKey, checksumOk: verifyChecksum(ck.cksumtype, armorKey, KeyUsage.FAST_REQ_CHKSUM, tgsReqBodyBytes(raw), ck.checksum), plain, fastReq: decodeKrbFastReq(plain) };
}

describe('MIT kinit -T, captured against the lab', () => {
  it('holds the four frames named in the capture', () => {
    expect(capture.source).toMatch(/MIT krb5 .* kinit/);
    expect(frames.map((f) => f[0] & 0x1f)).toEqual([10, 30, 10, 11]);
  });

  it("MIT's armored AS-REQ: armor key, req-checksum, KrbFastReq re-encoded byte for byte", () => {
    const { req, checksumOk, plain, fastReq } = openArmored(frames[0]);
    expect(checksumOk).toBe(true);
    expect(hex(encodeKrbFastReq(fastReq))).toBe(hex(plain));
    expect(fastReq.reqBody.cname?.nameString).toEqual([capture.setup.user]);
    // The outer body is only checksummed: MIT sends it with nonce 0, the real nonce is inside.
    expect(req.reqBody.nonce).toBe(0);
    expect(fastReq.reqBody.nonce).not.toBe(0);
    expect(pa(fastReq.padata, PA.PA_ENCRYPTED_CHALLENGE)).toBeUndefined();
  });

  it("the lab's armored PREAUTH_REQUIRED, as MIT read it", () => {
    const { armorKey, fastReq } = openArmored(frames[0]);
    const err = decodeKrbError(frames[1]);
    expect(err.errorCode).toBe(25);
    const outer = decode(MethodData, err.eData!);
    expect(outer.map((p) => p.padataType)).toEqual([PA.PA_FX_FAST]);
    const rep = decodePaFxFastReply(outer[0].padataValue);
    const response = decodeKrbFastResponse(decrypt(armorKey, KeyUsage.FAST_REP, rep.encFastRep.cipher));
    expect(response.nonce).toBe(fastReq.reqBody.nonce);
    expect(response.strengthenKey).toBeUndefined();
    expect(response.padata.map((p) => p.padataType)).toEqual([PA.PA_FX_ERROR, PA.PA_FX_COOKIE, PA.PA_ETYPE_INFO2, PA.PA_ENCRYPTED_CHALLENGE]);
    expect(decodeKrbError(response.padata[0].padataValue).errorCode).toBe(25);
  });

  it("MIT's PA-ENCRYPTED-CHALLENGE decrypts with the client challenge key; the reply with the strengthened key", () => {
    const { armorKey, checksumOk, fastReq } = openArmored(frames[2]);
    expect(checksumOk).toBe(true);
    expect(hex(pa(fastReq.padata, PA.PA_FX_COOKIE)!.padataValue)).toBe(hex(new TextEncoder().encode('ctlab-fast-cookie')));
    const enc = decode(EncryptedData, pa(fastReq.padata, PA.PA_ENCRYPTED_CHALLENGE)!.padataValue);
    const salt = keys.forAccount(dir.accountBySam('alice')!)!.current.salt;
    const longTerm = stringToKey(enc.etype, capture.setup.password, salt);
    const ts = decode(PaEncTsEnc, decrypt(cf2(armorKey, longTerm, 'clientchallengearmor', 'challengelongterm'), KeyUsage.ENC_CHALLENGE_CLIENT, enc.cipher));
    expect(ts.patimestamp).toBeGreaterThan(Date.UTC(2020, 0, 1));

    const rep = decodeAsRep(frames[3]);
    expect(rep.padata?.map((p) => p.padataType)).toEqual([PA.PA_FX_FAST]);
    const response = decodeKrbFastResponse(decrypt(armorKey, KeyUsage.FAST_REP, decodePaFxFastReply(rep.padata![0].padataValue).encFastRep.cipher));
    expect(response.nonce).toBe(fastReq.reqBody.nonce);
    expect(response.finished?.cname.nameString).toEqual([capture.setup.user]);
    const tck = response.finished!.ticketChecksum;
    expect(verifyChecksum(tck.cksumtype, armorKey, KeyUsage.FAST_FINISHED, encodeTicket(rep.ticket), tck.checksum)).toBe(true);
    const kdcEnc = decode(EncryptedData, pa(response.padata, PA.PA_ENCRYPTED_CHALLENGE)!.padataValue);
    decrypt(cf2(armorKey, longTerm, 'kdcchallengearmor', 'challengelongterm'), KeyUsage.ENC_CHALLENGE_KDC, kdcEnc.cipher);
    const replyKey = cf2(key(response.strengthenKey!), longTerm, 'strengthenkey', 'replykey');
    const encPart = decodeEncAsRepPart(decrypt(replyKey, KeyUsage.AS_REP_ENCPART, rep.encPart.cipher));
    expect(encPart.nonce).toBe(fastReq.reqBody.nonce);
    // The long-term key alone does not open it: the reply key was strengthened.
    expect(() => decrypt(longTerm, KeyUsage.AS_REP_ENCPART, rep.encPart.cipher)).toThrow();
  });
});
