import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import { buildDirectory } from '../../../../emulator/directory/build.ts';
import { stringToKey } from '../../../../emulator/kerberos/crypto/index.ts';
import { KeyTable, ticketKvno } from '../../../../emulator/kerberos/keys/keytable.ts';
import { deriveKeyFromPassword } from '../../../../emulator/kerberos/keys/s2k.ts';
import { parseScenarioText } from '../../../../emulator/scenario/load.ts';

const SCENARIO = `
domain: { dnsName: fabrikam.local }
users:
  - { sam: alice, password: "Alice-Passw0rd!" }
  - { sam: rotated, password: "New-Passw0rd!", previousPassword: "Old-Passw0rd!", keyVersion: 7 }
  - sam: explicit
    keys: { aes256: "${'11'.repeat(32)}" }
computers:
  - { name: fs1, password: "Fs1-Machine-Passw0rd!" }
azureADKerberos:
  id: 30775
  keyVersion: 5
  password: "AzureAD-Key-Current"
  previousPassword: "AzureAD-Key-Previous"
`;

const dir = buildDirectory(parseScenarioText(SCENARIO, 'keytable.yaml'));
const table = KeyTable.build(dir);
const acct = (sam: string) => dir.accountBySam(sam)!;

describe('fast string-to-key', () => {
  it.each([17, 18, 23])('agrees with the crypto layer for etype %i', (etype) => {
    const a = deriveKeyFromPassword(etype, 'pässword €', 'FABRIKAM.LOCALalice');
    const b = stringToKey(etype, 'pässword €', 'FABRIKAM.LOCALalice');
    expect(a.etype).toBe(etype);
    expect(hex(a.bytes)).toBe(hex(b.bytes));
  });
});

describe('key table', () => {
  it('derives aes256, aes128 and rc4 with the AD salt, strongest first', () => {
    const k = table.forAccount(acct('alice'))!;
    expect([...k.current.keys.keys()]).toEqual([18, 17, 23]);
    expect(k.current.salt).toBe('FABRIKAM.LOCALalice');
    expect(hex(k.current.keys.get(18)!.bytes)).toBe(hex(stringToKey(18, 'Alice-Passw0rd!', 'FABRIKAM.LOCALalice').bytes));
    expect(k.previous).toBeUndefined();
  });

  it('salts computers as host/<name>.<realm>', () => {
    expect(table.forAccount(acct('fs1$'))!.current.salt).toBe('FABRIKAM.LOCALhostfs1.fabrikam.local');
  });

  it('keeps the previous generation and uses only explicit keys when given', () => {
    const r = table.forAccount(acct('rotated'))!;
    expect(r.current.kvno).toBe(7);
    expect(r.previous!.kvno).toBe(6);
    expect(hex(r.previous!.keys.get(18)!.bytes)).toBe(hex(stringToKey(18, 'Old-Passw0rd!', 'FABRIKAM.LOCALrotated').bytes));
    const e = table.forAccount(acct('explicit'))!;
    expect([...e.current.keys.keys()]).toEqual([18]);
    expect(hex(e.current.keys.get(18)!.bytes)).toBe('11'.repeat(32));
  });

  it('selects generations by kvno: exact match, else current then previous', () => {
    const r = acct('rotated');
    expect(table.generationsForKvno(r, 7)!.generations.map((g) => g.kvno)).toEqual([7]);
    expect(table.generationsForKvno(r, 6)!.generations.map((g) => g.kvno)).toEqual([6]);
    const fb = table.generationsForKvno(r, 99)!;
    expect(fb.match).toBe('fallback');
    expect(fb.generations.map((g) => g.kvno)).toEqual([7, 6]);
    expect(table.generationsForKvno(r, undefined)!.generations.map((g) => g.kvno)).toEqual([7, 6]);
  });

  it('numbers krbtgt_AzureAD tickets (n << 16) | keyVersion and finds its keys by RODC kvno', () => {
    const az = dir.azureAdKerberos!.krbtgt;
    expect(az.samAccountName).toBe('krbtgt_30775');
    expect(table.currentKey(az, 18)!.kvno).toBe(((30775 << 16) | 5) >>> 0);
    expect(ticketKvno(az, table.forAccount(az)!.current)).toBe(0x78370005);
    const exact = table.rodcKeysForKvno(0x78370005)!;
    expect([exact.rodcNumber, exact.keyVersion, exact.match]).toEqual([30775, 5, 'exact']);
    expect(exact.generations.map((g) => g.kvno)).toEqual([5]);
    expect(exact.account.dn).toBe(az.dn);
    expect(table.rodcKeysForKvno(0x78370004)!.generations.map((g) => g.kvno)).toEqual([4]);
    // impacket forges the lower 16 bits as 0: try current, then previous.
    const zero = table.rodcKeysForKvno(0x78370000)!;
    expect([zero.match, ...zero.generations.map((g) => g.kvno)]).toEqual(['fallback', 5, 4]);
    expect(table.rodcKeysForKvno(0x12340005)).toBeUndefined();
    expect(table.rodcKeysForKvno(5)).toBeUndefined();
  });

  it('uses the domain krbtgt kvno unchanged and counts the accounts it serves', () => {
    expect(table.currentKey(dir.krbtgt, 18)!.kvno).toBe(dir.krbtgt.secrets.current.kvno);
    expect(table.stats.accounts).toBe(dir.users.length + dir.computers.length);
  });
});
