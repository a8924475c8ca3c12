import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, hex, utf8 } from '../../emulator/core/bytes.ts';
import { ScriptedRandom, SeededRandom } from '../../emulator/core/random.ts';
import {
  adSalt,
  aesIterationParams,
  checksum,
  checksumTypeForEtype,
  decrypt,
  encTypeProfile,
  encrypt,
  stringToKey,
} from '../../emulator/kerberos/crypto/index.ts';
import { md4 } from '../../emulator/kerberos/crypto/md4.ts';
import { rc4 } from '../../emulator/kerberos/crypto/rc4.ts';

// Byte-exact interop with impacket.krb5.crypto (Debian python3-impacket, run with /usr/bin/python3:
// the pyenv python3 on PATH cannot see Debian packages). Missing tools fail the test, never skip it.
const PYTHON = '/usr/bin/python3';
const ORACLE = join(dirname(fileURLToPath(import.meta.url)), 'impacket_crypto.py');

interface KeyReq { etype: number; password: string; saltHex: string; paramsHex: string | null }
interface EncReq { etype: number; keyHex: string; usage: number; plaintextHex: string; confounderHex: string }
interface DecReq { etype: number; keyHex: string; usage: number; ciphertextHex: string }
interface SumReq { cksumtype: number; etype: number; keyHex: string; usage: number; dataHex: string }
interface OracleReply {
  keys: string[];
  encrypt: string[];
  decrypt: { plaintextHex?: string; error?: string }[];
  checksum: string[];
  md4: string[];
  rc4: string[];
}

function oracle(req: object): OracleReply {
  const out = execFileSync(PYTHON, [ORACLE], { input: JSON.stringify(req), maxBuffer: 64 << 20 });
  return JSON.parse(out.toString('utf8')) as OracleReply;
}

const ETYPES = [17, 18, 23];
const USAGES = [1, 2, 3, 6, 7, 8, 9, 11, 12, 14, 17, 19];
const PASSWORDS = ['Pa55w.rd!', 'pässwörd', '\u{1D11E}clef', '', 'x'.repeat(70)];
const rng = new SeededRandom('impacket-interop');

const keyReqs: KeyReq[] = [];
for (const etype of ETYPES) {
  PASSWORDS.forEach((password, i) => {
    const salt = adSalt({ realm: 'contoso.local', sAMAccountName: i % 2 ? 'WS0' + i + '$' : 'User' + i, isComputer: i % 2 === 1 });
    const params = etype !== 23 && i === 1 ? hex(aesIterationParams(1000)) : null;
    keyReqs.push({ etype, password, saltHex: hex(utf8(salt)), paramsHex: params });
  });
}

const encReqs: EncReq[] = [];
for (const etype of ETYPES) {
  const p = encTypeProfile(etype);
  for (let n = 0; n <= 70; n += 1 + (n % 7)) {
    encReqs.push({
      etype,
      keyHex: hex(rng.bytes(p.keySize)),
      usage: USAGES[n % USAGES.length],
      plaintextHex: hex(rng.bytes(n)),
      confounderHex: hex(rng.bytes(p.confounderSize)),
    });
  }
}

const sumReqs: SumReq[] = [];
for (const etype of ETYPES) {
  for (const usage of [6, 10, 17, 19]) {
    sumReqs.push({
      cksumtype: checksumTypeForEtype(etype),
      etype,
      keyHex: hex(rng.bytes(encTypeProfile(etype).keySize)),
      usage,
      dataHex: hex(rng.bytes(usage * 5)),
    });
  }
}

const md4Inputs = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 200].map((n) => hex(rng.bytes(n)));
const rc4Inputs = [5, 7, 16, 32, 256].map((k) => ({ keyHex: hex(rng.bytes(k)), dataHex: hex(rng.bytes(300)) }));

// Our ciphertexts, made first, for impacket to decrypt.
const ours: DecReq[] = encReqs.map((e) => ({
  etype: e.etype,
  keyHex: e.keyHex,
  usage: e.usage,
  ciphertextHex: hex(
    encrypt({ etype: e.etype, bytes: fromHex(e.keyHex) }, e.usage, fromHex(e.plaintextHex), new ScriptedRandom([fromHex(e.confounderHex)])),
  ),
}));

describe('crypto interop with impacket.krb5.crypto', () => {
  let reply: OracleReply;
  beforeAll(() => {
    expect(existsSync(PYTHON), `${PYTHON} is required (Debian python3 with python3-impacket)`).toBe(true);
    reply = oracle({ keys: keyReqs, encrypt: encReqs, decrypt: ours, checksum: sumReqs, md4: md4Inputs, rc4: rc4Inputs });
  });

  it(`string-to-key: ${keyReqs.length} keys (aes128, aes256, rc4; AD salts, non-ASCII, s2kparams) are identical`, () => {
    const got = keyReqs.map((k) =>
      hex(stringToKey(k.etype, k.password, fromHex(k.saltHex), k.paramsHex ? fromHex(k.paramsHex) : undefined).bytes),
    );
    expect(got).toEqual(reply.keys);
  });

  it(`encrypt: ${encReqs.length} ciphertexts with fixed confounders are byte-identical`, () => {
    expect(ours.map((o) => o.ciphertextHex)).toEqual(reply.encrypt);
  });

  it('impacket decrypts every ciphertext we made', () => {
    expect(reply.decrypt.map((d) => d.plaintextHex ?? d.error)).toEqual(encReqs.map((e) => e.plaintextHex));
  });

  it("we decrypt every ciphertext impacket made", () => {
    const got = encReqs.map((e, i) => hex(decrypt({ etype: e.etype, bytes: fromHex(e.keyHex) }, e.usage, fromHex(reply.encrypt[i]))));
    expect(got).toEqual(encReqs.map((e) => e.plaintextHex));
  });

  it(`checksum: ${sumReqs.length} hmac-sha1-96-aes128/aes256 and hmac-md5 checksums are identical`, () => {
    const got = sumReqs.map((c) => hex(checksum(c.cksumtype, { etype: c.etype, bytes: fromHex(c.keyHex) }, c.usage, fromHex(c.dataHex))));
    expect(got).toEqual(reply.checksum);
  });

  it('MD4 and RC4 agree with pycryptodome across block boundaries', () => {
    expect(md4Inputs.map((m) => hex(md4(fromHex(m))))).toEqual(reply.md4);
    expect(rc4Inputs.map((r) => hex(rc4(fromHex(r.keyHex), fromHex(r.dataHex))))).toEqual(reply.rc4);
  });
});
