/**
 * Scenario east-upn-suffix-unpublished.yaml checked by MIT's kinit (Debian krb5-user): bob's UPN
 * suffix east.contoso.com is missing from the forest's uPNSuffixes, so the KDC finds no account by
 * that UPN (kinit -E: KDC_ERR_C_PRINCIPAL_UNKNOWN), while alice's published suffix and bob's
 * sAMAccountName still work (PROTOCOL.md section 6 (e)). The KDC listens on a free port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKrb5Conf } from '../../clients/cli/verbs/krb5conf.ts';
import { createKdcContext, startKdc, type KdcServer } from '../../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../../emulator/world.ts';
import { requireMitClients, runMitTool } from '../support/mit-tools.ts';

const world = loadWorld(new URL('../../scenarios/east-upn-suffix-unpublished.yaml', import.meta.url).pathname);
const dir = world.directory;
const KRB5_ERR = (code: number) => -1765328384 + code;
const kdcErrors = (trace: string) => [...trace.matchAll(/Received error from KDC: (-\d+)\//g)].map((m) => Number(m[1]));

let kdc: KdcServer;
let tmp: string;
const kinit = (args: string[], password: string) =>
  runMitTool('kinit', args, { krb5Config: join(tmp, 'krb5.conf'), ccache: join(mkdtempSync(join(tmp, 'cc-')), 'ccache'), input: `${password}\n` });

beforeAll(async () => {
  await requireMitClients(['kinit']);
  tmp = mkdtempSync(join(tmpdir(), 'upn-unpublished-'));
  kdc = await startKdc(createKdcContext(dir, {}), { port: 0 });
  writeFileSync(join(tmp, 'krb5.conf'), renderKrb5Conf({ realm: dir.domain.realm, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port: kdc.port } }));
});

afterAll(async () => {
  await kdc?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('MIT kinit and an unpublished UPN suffix', () => {
  it('the forest publishes contoso.com only', () => {
    expect(dir.domain.upnSuffixes).toEqual(['contoso.com']);
  });
  it('kinit -E bob@east.contoso.com: the KDC answers C_PRINCIPAL_UNKNOWN', async () => {
    const r = await kinit(['-E', 'bob@east.contoso.com'], 'Bob-Passw0rd!');
    expect(r.code).not.toBe(0);
    expect(kdcErrors(r.trace)).toEqual([KRB5_ERR(6)]);
  });
  it('kinit -E alice@contoso.com (a published suffix) gets a TGT', async () => {
    const r = await kinit(['-E', 'alice@contoso.com'], 'Alice-Passw0rd!');
    expect(r.code).toBe(0);
    expect(kdcErrors(r.trace)).not.toContain(KRB5_ERR(6));
  });
  it('kinit bob (his sAMAccountName, as the partial-TGT exchange names him) gets a TGT', async () => {
    expect((await kinit(['bob'], 'Bob-Passw0rd!')).code).toBe(0);
  });
});
