/**
 * A generated population (scenario `generate:`) served to MIT krb5 with lazy keys: nothing is
 * derived before the first exchange, a generated user with the templated password gets a TGT and
 * a service ticket for a generated computer's SPN (kinit, kvno), a generated disabled user is
 * refused with KDC_ERR_CLIENT_REVOKED, and an account given only as an NT hash (`ntHash:`) signs in
 * with RC4 from its password.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKrb5Conf } from '../../clients/cli/verbs/krb5conf.ts';
import { hex } from '../../emulator/core/bytes.ts';
import { ntHash } from '../../emulator/kerberos/crypto/index.ts';
import { createKdcContext, startKdc, type KdcServer } from '../../emulator/kerberos/kdc/index.ts';
import { MemoryKeyStore } from '../../emulator/kerberos/keys/derived-keys.ts';
import { KeyTable } from '../../emulator/kerberos/keys/keytable.ts';
import { parseScenarioText } from '../../emulator/scenario/load.ts';
import { buildWorld } from '../../emulator/world.ts';
import { requireMitClients, runMitTool } from '../support/mit-tools.ts';

const SCENARIO = `
domain: { dnsName: fabrikam.local }
users:
  - { sam: carol, ntHash: "${hex(ntHash('Carol-Passw0rd!'))}" }
generate:
  users: { count: 2000, prefix: gen, password: "Gen-{sam}-Pw1!", disabled: 0.1 }
  computers: { count: 50, prefix: web, spns: ["HTTP/{fqdn}"] }
`;
const world = buildWorld(parseScenarioText(SCENARIO, 'generated.yaml'));
const dir = world.directory;
const keys = KeyTable.build(dir, { store: new MemoryKeyStore() });
const generated = world.scenario.users.filter((u) => u.sam.startsWith('gen'));
const enabled = generated.find((u) => u.enabled && !u.locked)!;
const disabled = generated.find((u) => !u.enabled)!;

/** MIT com_err number of a KDC error code. */
const KRB5_ERR = (code: number) => -1765328384 + code;

let kdc: KdcServer;
let tmp: string;
const mit = (cmd: string, args: string[], input: string | undefined, ccache: string, conf = 'krb5.conf') =>
  runMitTool(cmd, args, { krb5Config: join(tmp, conf), ccache, input });

beforeAll(async () => {
  await requireMitClients(['kinit', 'klist', 'kvno']);
  tmp = mkdtempSync(join(tmpdir(), 'kdc-generated-'));
  kdc = await startKdc(createKdcContext(dir, { keys }), { port: 0 });
  const conf = renderKrb5Conf({ realm: dir.domain.realm, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port: kdc.port } });
  writeFileSync(join(tmp, 'krb5.conf'), conf);
  writeFileSync(join(tmp, 'krb5-rc4.conf'), conf.replace('[libdefaults]\n', '[libdefaults]\n    allow_weak_crypto = true\n    allow_rc4 = true\n    default_tkt_enctypes = arcfour-hmac\n    permitted_enctypes = arcfour-hmac aes256-cts-hmac-sha1-96\n'));
});

afterAll(async () => {
  await kdc?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a generated world served to MIT krb5', () => {
  it('derives no key before the first exchange', () => {
    expect(dir.users.length).toBeGreaterThan(2000);
    expect(keys.stats.derived).toBe(0);
  });

  it('kinit as a generated user with the templated password, then kvno for a generated computer SPN', async () => {
    const cc = join(mkdtempSync(join(tmp, 'cc-')), 'cc');
    const kinit = await mit('kinit', [`${enabled.sam}@FABRIKAM.LOCAL`], `Gen-${enabled.sam}-Pw1!\n`, cc);
    expect(kinit.code, kinit.stderr).toBe(0);
    const kvno = await mit('kvno', ['HTTP/web07.fabrikam.local@FABRIKAM.LOCAL'], undefined, cc);
    expect(kvno.code, kvno.stderr).toBe(0);
    expect(kvno.stdout).toMatch(/HTTP\/web07\.fabrikam\.local@FABRIKAM\.LOCAL: kvno = 2/);
    // Only the keys these exchanges needed: the user's, krbtgt's and web07's (aes256 each).
    expect(keys.stats.derived).toBeLessThanOrEqual(4);
  });

  it('refuses a generated disabled user with KDC_ERR_CLIENT_REVOKED', async () => {
    const cc = join(mkdtempSync(join(tmp, 'cc-')), 'cc');
    const kinit = await mit('kinit', [`${disabled.sam}@FABRIKAM.LOCAL`], `Gen-${disabled.sam}-Pw1!\n`, cc);
    expect(kinit.code).not.toBe(0);
    expect(kinit.trace).toContain(`Received error from KDC: ${KRB5_ERR(18)}/`);
  });

  it('signs in an account given only as an NT hash, with RC4 from its password', async () => {
    const cc = join(mkdtempSync(join(tmp, 'cc-')), 'cc');
    const kinit = await mit('kinit', ['carol@FABRIKAM.LOCAL'], 'Carol-Passw0rd!\n', cc, 'krb5-rc4.conf');
    expect(kinit.code, kinit.stderr + kinit.trace.slice(-2000)).toBe(0);
    const wrong = await mit('kinit', ['carol@FABRIKAM.LOCAL'], 'Not-Carols-Password\n', join(mkdtempSync(join(tmp, 'cc-')), 'cc'), 'krb5-rc4.conf');
    expect(wrong.trace).toContain(`Received error from KDC: ${KRB5_ERR(24)}/`);
  });
});
