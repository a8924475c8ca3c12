/**
 * The image and the testcontainers module, driven from the host by real clients against the
 * mapped ports: dig (SRV records on the mapped DNS port), ldapsearch (rootDSE on the mapped LDAP
 * port), MIT kinit and kvno (a krb5.conf naming the mapped KDC port); two labs side by side.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { CloudTrustLabContainer, type StartedCloudTrustLab } from 'cloudtrust-lab/testcontainers';
import { dig } from '../interop/dig.support.ts';
import { ldapsearch } from '../interop/ldapsearch.support.ts';
import { runMitTool } from '../support/mit-tools.ts';
import { buildImage, DOCKER_MISSING, IMAGE, imageSize, ROOT, RUN_SUITE } from './docker.support.ts';

/** Prints the lab's log when the current test fails. */
function logsOnFailure(lab: () => StartedCloudTrustLab | undefined): void {
  onTestFailed(async () => {
    const l = lab();
    if (l) console.log(`--- lab container log ---\n${await l.logs()}`);
  });
}

/** kinit then kvno on the host with the lab's krb5.conf; returns kvno's output. */
async function kinitKvno(lab: StartedCloudTrustLab, dir: string, principal: string, password: string, service: string) {
  const krb5Config = join(dir, 'krb5.conf');
  writeFileSync(krb5Config, lab.krb5Conf);
  const ccache = join(dir, 'ccache');
  const kinit = await runMitTool('kinit', [principal], { krb5Config, ccache, input: `${password}\n` });
  expect(kinit.code, kinit.stderr).toBe(0);
  const kvno = await runMitTool('kvno', [service], { krb5Config, ccache });
  expect(kvno.code, kvno.stderr).toBe(0);
  return kvno.stdout;
}

describe.skipIf(!RUN_SUITE)('cloudtrust-lab image and testcontainers module', () => {
  let lab: StartedCloudTrustLab | undefined;
  let dir: string;

  beforeAll(async () => {
    if (DOCKER_MISSING) throw new Error(`CI=true and no Docker engine: ${DOCKER_MISSING}`);
    const built = buildImage();
    const size = imageSize(IMAGE);
    console.log(`${built}\ncontainers: ${IMAGE} is ${(size / 1e6).toFixed(0)} MB`);
    dir = mkdtempSync(join(tmpdir(), 'ctlab-containers-'));
    lab = await new CloudTrustLabContainer(join(ROOT, 'scenarios/multi-upn-suffix.yaml'), { image: IMAGE }).start();
    console.log(`containers: start() to healthy in ${(lab.startupMs / 1000).toFixed(1)} s`);
  }, 600_000);

  afterAll(async () => {
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports healthy through ctlab health inside, every service answering', async () => {
    logsOnFailure(() => lab);
    const r = await lab!.exec(['health']);
    expect(r.exitCode, r.output).toBe(0);
    for (const probe of ['entra/https', 'entra-http/http', 'kdc/tcp', 'kdc/udp', 'kpasswd/tcp', 'kpasswd/udp', 'ldap/tcp', 'gc/tcp', 'cldap/udp', 'dns/udp', 'dns/tcp']) {
      expect(r.output).toMatch(new RegExp(`^${probe}\\s.* ok: `, 'm'));
    }
    // The probes stay out of the lab's readable lines.
    expect(await lab!.logs()).not.toContain('ctlab-health');
  });

  it('serves the training page on the mapped port (the image binds it on all interfaces): the page, the world with alice, and a foreign origin refused (curl)', () => {
    logsOnFailure(() => lab);
    const l = lab!;
    expect(l.uiUrl).toBe(`http://${l.endpoints.ui.host}:${l.endpoints.ui.port}/`);
    const page = spawnSync('curl', ['-sS', '-w', '\n%{http_code}', l.uiUrl], { encoding: 'utf8' });
    expect(page.stdout.trim().split('\n').at(-1)).toBe('200');
    expect(page.stdout).toContain('<title>cloudtrust-lab: training view</title>');
    const w = JSON.parse(spawnSync('curl', ['-sS', `${l.uiUrl}api/world`], { encoding: 'utf8' }).stdout) as { domain: { realm: string }; users: { samAccountName: string }[] };
    expect(w.domain.realm).toBe('FABRIKAM.LOCAL');
    expect(w.users.map((u) => u.samAccountName)).toContain('alice');
    const foreign = spawnSync('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-H', 'origin: http://evil.example', '-d', '{}', `${l.uiUrl}api/lab/reset`], { encoding: 'utf8' });
    expect(foreign.stdout).toBe('403');
  });

  it('serves the token endpoint on the mapped HTTPS port, chained to the CA the module returns (curl --cacert)', () => {
    logsOnFailure(() => lab);
    const l = lab!;
    expect(l.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const ca = join(dir, 'lab-ca.pem');
    writeFileSync(ca, l.caPem);
    // By the real name (in the certificate), resolved to the mapped endpoint: getHost() may be a
    // bridge gateway (tests running in a container) that the certificate does not name.
    const { host, port } = l.endpoints.entraHttps;
    const resolveTo = ['--resolve', `login.microsoftonline.com:${port}:${host}`];
    const url = `https://login.microsoftonline.com:${port}`;
    const r = spawnSync('curl', ['-sS', '--fail', '--cacert', ca, ...resolveTo, `${url}/contoso.com/.well-known/openid-configuration`], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { token_endpoint: string };
    // URLs in documents come from the request's Host: the name and the mapped port.
    expect(doc.token_endpoint).toBe(`${url}/6f0c2a1e-5b7d-4c3a-9e2f-0a1b2c3d4e5f/oauth2/token`);
    // Without the lab CA curl refuses the certificate (60: peer certificate cannot be authenticated).
    const untrusted = spawnSync('curl', ['-sS', '--fail', ...resolveTo, `${url}/common/.well-known/openid-configuration`], { encoding: 'utf8', timeout: 20_000 });
    expect(untrusted.status).toBe(60);
    const http = spawnSync('curl', ['-sS', '--fail', `${l.entraUrls.http}/common/discovery/keys`], { encoding: 'utf8', timeout: 20_000 });
    expect(http.status, http.stderr).toBe(0);
    expect((JSON.parse(http.stdout) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });

  it('signs alice@contoso.com in end to end from the host against the mapped ports (ctlab signin)', () => {
    logsOnFailure(() => lab);
    const e = lab!.endpoints;
    // A ready file naming the mapped ports, as `ctlab up` writes one for a local lab.
    const labFile = join(dir, 'lab.json');
    writeFileSync(labFile, JSON.stringify({
      scenario: join(ROOT, 'scenarios/multi-upn-suffix.yaml'),
      bind: e.dnsUdp.host,
      realm: 'FABRIKAM.LOCAL',
      pid: 0,
      services: {
        dns: { host: e.dnsUdp.host, port: e.dnsUdp.port, protocols: ['udp', 'tcp'] },
        kdc: { host: e.kdcTcp.host, port: e.kdcTcp.port, protocols: ['tcp', 'udp'] },
        ldap: { host: e.ldapTcp.host, port: e.ldapTcp.port, protocols: ['tcp', 'udp'] },
        // The token endpoint's plain HTTP port (HTTPS is checked with curl above; the certificate
        // does not name a bridge gateway address, which getHost() is when tests run in a container).
        'entra-http': { host: e.entraHttp.host, port: e.entraHttp.port, protocols: ['tcp'], url: lab!.entraUrls.http },
      },
    }));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'signin', 'alice@contoso.com', '--password', 'Alice-Passw0rd!', '--spn', 'cifs/fs1.fabrikam.local', '--lab', labFile, '--json'], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const steps = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { step: string; verdict: string; detail?: Record<string, unknown> });
    expect(steps.filter((s) => s.verdict === 'ok').map((s) => s.step)).toEqual(['register', 'nonce', 'prt', 'partialTgt', 'locateDc', 'fullTgt', 'keyList', 'serviceTicket']);
  });

  it('signs alice in inside the container through the module (signIn), and bob with his own password', async () => {
    logsOnFailure(() => lab);
    const alice = await lab!.signIn('alice@contoso.com', { password: 'Alice-Passw0rd!', spn: 'cifs/fs1.fabrikam.local' });
    expect(alice.exitCode, JSON.stringify(alice.steps.filter((s) => s.verdict === 'error'))).toBe(0);
    expect(alice.steps.map((s) => [s.step, s.verdict])).toEqual([
      ['register', 'ok'], ['nonce', 'ok'], ['prt', 'ok'], ['partialTgt', 'ok'], ['locateDc', 'ok'], ['fullTgt', 'ok'], ['keyList', 'ok'], ['serviceTicket', 'ok'], ['asReq', 'info'], // skipped steps are 'info' envelopes with detail.skipped
    ]);
    const wrong = await lab!.signIn('bob@east.contoso.com', { password: 'not-bobs' });
    expect(wrong.ok).toBe(false);
    expect(wrong.steps.find((s) => s.verdict === 'error')?.code).toBe('AADSTS50126');
  });

  it('keeps its key cache under /tmp (CTLAB_KEY_CACHE, mode 0600) since /app is read-only, and says no write failed', async () => {
    logsOnFailure(() => lab);
    // The sign-ins above made the KDC derive keys; the cache is written about 0.5 s after a new key.
    await new Promise((r) => setTimeout(r, 1500));
    const mode = await lab!.container.exec(['node', '-e', "process.stdout.write((require('fs').statSync('/tmp/ctlab/key-cache.bin').mode & 0o777).toString(8))"]);
    expect(mode.exitCode, mode.output).toBe(0);
    expect(mode.output.trim()).toBe('600');
    expect(await lab!.logs()).not.toMatch(/key cache .* not written/);
  });

  it("runs ctlab test inside the container (runTests): every expectation of the default scenario passes", async () => {
    logsOnFailure(() => lab);
    const t = await lab!.runTests(['/app/scenarios/multi-upn-suffix.yaml']);
    expect(t.exitCode, t.output).toBe(0);
    const summary = /ctlab test: 1 scenarios?, (\d+) expectations?: (\d+) passed, (\d+) failed/.exec(t.output);
    expect(summary, t.output).not.toBeNull();
    expect(Number(summary![2])).toBe(Number(summary![1]));
    expect(Number(summary![3])).toBe(0);
  });

  it('answers dig on the mapped DNS port with SRV records naming the mapped ports (UDP and TCP)', async () => {
    logsOnFailure(() => lab);
    const e = lab!.endpoints;
    const udp = await dig(e.dnsUdp.port, ['SRV', '_kerberos._tcp.fabrikam.local']);
    expect(udp.status).toBe('NOERROR');
    expect(udp.answer.map((rr) => rr.rdata)).toEqual([['0', '100', String(e.kdcTcp.port), 'dc1.fabrikam.local.']]);
    const tcp = await dig(e.dnsTcp.port, ['+tcp', 'SRV', '_ldap._tcp.dc._msdcs.fabrikam.local']);
    expect(tcp.answer.map((rr) => rr.rdata)).toEqual([['0', '100', String(e.ldapTcp.port), 'dc1.fabrikam.local.']]);
    const gc = await dig(e.dnsUdp.port, ['SRV', '_gc._tcp.fabrikam.local']);
    expect(gc.answer.map((rr) => rr.rdata[2])).toEqual([String(e.gcTcp.port)]);
    const a = await dig(e.dnsUdp.port, ['A', 'dc1.fabrikam.local']);
    expect(a.answer.map((rr) => rr.rdata[0])).toEqual(['127.0.0.1']);
  });

  it('answers ldapsearch for the rootDSE on the mapped LDAP and GC ports', async () => {
    logsOnFailure(() => lab);
    for (const port of [lab!.endpoints.ldapTcp.port, lab!.endpoints.gcTcp.port]) {
      const r = await ldapsearch(['-x', '-H', `ldap://127.0.0.1:${port}`, '-b', '', '-s', 'base', 'dnsHostName', 'defaultNamingContext']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.entries[0].attrs.get('dnsHostName')).toEqual(['dc1.fabrikam.local']);
      expect(r.entries[0].attrs.get('defaultNamingContext')).toEqual(['DC=fabrikam,DC=local']);
    }
  });

  it('issues alice a TGT and a service ticket to MIT kinit and kvno on the mapped KDC port', async () => {
    logsOnFailure(() => lab);
    const kdc = lab!.endpoints.kdcTcp;
    expect(lab!.krb5Conf).toContain(`kdc = ${kdc.host}:${kdc.port}`);
    const out = await kinitKvno(lab!, dir, 'alice@FABRIKAM.LOCAL', 'Alice-Passw0rd!', 'cifs/fs1.fabrikam.local');
    expect(out).toMatch(/^cifs\/fs1\.fabrikam\.local@FABRIKAM\.LOCAL: kvno = \d+$/m);
  });

  it('runs a second lab beside the first on other ports without either answering for the other', async () => {
    logsOnFailure(() => lab);
    // The second lab: another scenario (realm CONTOSO.COM), as a scenario object, with Docker
    // choosing its host ports; its SRV records then name the in-container ports.
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const baseline = parse(readFileSync(join(ROOT, 'scenarios/baseline.yaml'), 'utf8')) as Record<string, unknown>;
    const second = await new CloudTrustLabContainer(baseline, { image: IMAGE, advertise: 'container' }).start();
    logsOnFailure(() => second);
    try {
      const ports1 = Object.values(lab!.endpoints).map((e) => `${e.port}`);
      for (const e of Object.values(second.endpoints)) expect(ports1).not.toContain(`${e.port}`);
      expect(second.realm).toBe('CONTOSO.COM');

      const srv2 = await dig(second.endpoints.dnsUdp.port, ['SRV', '_kerberos._tcp.contoso.com']);
      expect(srv2.answer.map((rr) => rr.rdata[2])).toEqual(['88']);
      const cross = await dig(second.endpoints.dnsUdp.port, ['SRV', '_kerberos._tcp.fabrikam.local']);
      expect(cross.answer).toEqual([]);
      const srv1 = await dig(lab!.endpoints.dnsUdp.port, ['SRV', '_kerberos._tcp.fabrikam.local']);
      expect(srv1.answer.map((rr) => rr.rdata[2])).toEqual([String(lab!.endpoints.kdcTcp.port)]);

      const dir2 = mkdtempSync(join(tmpdir(), 'ctlab-containers-2-'));
      try {
        const out2 = await kinitKvno(second, dir2, 'alice@CONTOSO.COM', 'Alice-Passw0rd!', 'cifs/fs1.contoso.com');
        expect(out2).toMatch(/^cifs\/fs1\.contoso\.com@CONTOSO\.COM: kvno = \d+$/m);
        // bob is an account of the first lab only: the second KDC does not know him.
        const krb5Config = join(dir2, 'krb5.conf');
        const bob = await runMitTool('kinit', ['bob@CONTOSO.COM'], { krb5Config, ccache: join(dir2, 'cc-bob'), input: 'Bob-Passw0rd!\n' });
        expect(bob.code).not.toBe(0);
        expect(bob.stderr).toContain('not found in Kerberos database');
      } finally {
        rmSync(dir2, { recursive: true, force: true });
      }
      // The first lab still serves its own users.
      const out = await kinitKvno(lab!, dir, 'bob@FABRIKAM.LOCAL', 'Bob-Passw0rd!', 'cifs/fs1.fabrikam.local');
      expect(out).toContain('cifs/fs1.fabrikam.local@FABRIKAM.LOCAL: kvno =');
    } finally {
      await second.stop();
    }
  }, 120_000);
});
