import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import { buildDirectory } from '../../../../emulator/directory/build.ts';
import type { Account, Secrets } from '../../../../emulator/directory/model.ts';
import { stringToKey } from '../../../../emulator/kerberos/crypto/index.ts';
import { derivationId, MemoryKeyStore } from '../../../../emulator/kerberos/keys/derived-keys.ts';
import { FileKeyCache } from '../../../../emulator/kerberos/keys/key-cache-file.ts';
import { KeyTable } from '../../../../emulator/kerberos/keys/keytable.ts';
import { parseScenarioText } from '../../../../emulator/scenario/load.ts';

const SCENARIO = `
domain: { dnsName: fabrikam.local }
users:
  - { sam: alice, password: "Alice-Passw0rd!" }
  - { sam: bob, password: "Bob-Passw0rd!" }
`;
const dir = buildDirectory(parseScenarioText(SCENARIO, 'lazy.yaml'));
const alice = dir.accountBySam('alice')!;

describe('lazy key table', () => {
  it('derives nothing when built, one key on first use, none on the second', () => {
    const table = KeyTable.build(dir, { store: new MemoryKeyStore() });
    expect(table.stats.derived).toBe(0);
    const k = table.forAccount(alice)!;
    expect(k.current.keys.size).toBe(3);
    expect(k.current.keys.has(17)).toBe(true);
    expect(table.stats.derived).toBe(0);
    const aes = k.current.keys.get(18)!;
    expect(hex(aes.bytes)).toBe(hex(stringToKey(18, 'Alice-Passw0rd!', 'FABRIKAM.LOCALalice').bytes));
    expect(table.stats.derived).toBe(1);
    table.forAccount(alice)!.current.keys.get(18);
    table.currentKey(alice, 18);
    expect(table.stats.derived).toBe(1);
  });

  it('takes keys a store already holds instead of deriving them', () => {
    const store = new MemoryKeyStore();
    KeyTable.build(dir, { store }).forAccount(alice)!.current.keys.get(18);
    const again = KeyTable.build(dir, { store });
    const key = again.forAccount(alice)!.current.keys.get(18)!;
    expect(again.stats).toMatchObject({ derived: 0, storeHits: 1, keys: 1 });
    expect(hex(key.bytes)).toBe(hex(stringToKey(18, 'Alice-Passw0rd!', 'FABRIKAM.LOCALalice').bytes));
    expect(store.get(derivationId(18, 'Alice-Passw0rd!', 'FABRIKAM.LOCALalice'))).toBeDefined();
  });

  it('reads the current secret on every lookup: a changed password derives anew, an unchanged one reuses', () => {
    let secrets: Secrets = alice.secrets;
    const table = KeyTable.build(dir, { store: new MemoryKeyStore(), secretsOf: (a: Account) => (a.sid === alice.sid ? secrets : a.secrets) });
    const before = table.currentKey(alice, 18)!;
    secrets = { current: { ...alice.secrets.current } }; // same material, new object
    expect(table.currentKey(alice, 18)!.key.bytes).toEqual(before.key.bytes);
    expect(table.stats.derived).toBe(1);
    secrets = { current: { kvno: 3, password: 'Rotated-Passw0rd!' }, previous: alice.secrets.current };
    const after = table.currentKey(alice, 18)!;
    expect(after.kvno).toBe(3);
    expect(hex(after.key.bytes)).toBe(hex(stringToKey(18, 'Rotated-Passw0rd!', 'FABRIKAM.LOCALalice').bytes));
    expect(table.generationsForKvno(alice, before.kvno)!.generations[0].keys.get(18)!.bytes).toEqual(before.key.bytes);
    expect(table.stats.derived).toBe(2);
  });

  it('derives only the key a ticket is sealed with', () => {
    const table = KeyTable.build(dir, { store: new MemoryKeyStore() });
    table.strongestKey(dir.accountBySam('bob')!, (e) => e === 23);
    expect(table.stats.derived).toBe(1);
  });
});

describe('key cache file', () => {
  const tmp = () => join(mkdtempSync(join(tmpdir(), 'ctlab-kc-')), 'sub', 'key-cache.bin');

  it('is written 0600 and read back by the next process', () => {
    const path = tmp();
    const cache = new FileKeyCache(path, { writeDelayMs: 0 });
    const k = KeyTable.build(dir, { store: cache }).currentKey(alice, 18)!;
    cache.flush();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path).includes(Buffer.from('Alice-Passw0rd!'))).toBe(false);
    const second = KeyTable.build(dir, { store: new FileKeyCache(path) });
    expect(second.currentKey(alice, 18)!.key.bytes).toEqual(k.key.bytes);
    expect(second.stats).toMatchObject({ derived: 0, storeHits: 1 });
  });

  it.each([
    ['foreign', (p: string) => writeFileSync(p, 'hello, not a key cache', { mode: 0o600 }), /not a cloudtrust-lab key cache/],
    ['corrupt', (p: string) => { const b = readFileSync(p); b[20] ^= 1; writeFileSync(p, b); }, /corrupt/],
    ['group-readable', (p: string) => chmodSync(p, 0o640), /readable or writable by others/],
  ])('a %s file is ignored with a warning and the key derived', (_what, spoil, why) => {
    const path = tmp();
    const c = new FileKeyCache(path, { writeDelayMs: 0 });
    KeyTable.build(dir, { store: c }).currentKey(alice, 18);
    c.flush();
    spoil(path);
    const warnings: string[] = [];
    const table = KeyTable.build(dir, { store: new FileKeyCache(path, { warn: (m) => warnings.push(m) }) });
    expect(hex(table.currentKey(alice, 18)!.key.bytes)).toBe(hex(stringToKey(18, 'Alice-Passw0rd!', 'FABRIKAM.LOCALalice').bytes));
    expect(table.stats.derived).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(why);
  });
});

describe('scenario secrets as keys', () => {
  const nt = stringToKey(23, 'Carol-Passw0rd!', '').bytes;
  it('an ntHash is the account rc4-hmac key and its only key', () => {
    const d = buildDirectory(parseScenarioText(`domain: { dnsName: fabrikam.local }\nusers:\n  - { sam: carol, ntHash: "${hex(nt)}" }\n`, 'nt.yaml'));
    const table = KeyTable.build(d, { store: new MemoryKeyStore() });
    const k = table.forAccount(d.accountBySam('carol')!)!;
    expect([...k.current.keys.keys()]).toEqual([23]);
    expect(hex(k.current.keys.get(23)!.bytes)).toBe(hex(nt));
    expect(table.stats.derived).toBe(0);
  });

  it.each([
    [`  - { sam: carol, ntHash: "abc" }`, 'users[0].ntHash', 3, /32 hex digits/],
    [`  - sam: carol\n    keys: { rc4: "${'00'.repeat(16)}" }\n    ntHash: "${'11'.repeat(16)}"`, 'users[0].ntHash', 5, /same NT hash as keys.rc4/],
    [`  - { sam: carol, keys: { aes256: "00" } }`, 'users[0].keys.aes256', 3, /64 hex digits/],
  ])('refuses %j naming file, line and path', (line, path, lineNo, expected) => {
    try {
      parseScenarioText(`domain: { dnsName: fabrikam.local }\nusers:\n${line}\n`, 'bad.yaml');
      expect.unreachable();
    } catch (err) {
      const issue = (err as { issues: { file: string; path: string; line?: number; expected: string }[] }).issues[0];
      expect(issue).toMatchObject({ file: 'bad.yaml', path, line: lineNo });
      expect(issue.expected).toMatch(expected);
    }
  });
});
