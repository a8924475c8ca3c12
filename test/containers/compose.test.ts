/**
 * docker/compose.yaml: `up` brings `dc` and `entra` to healthy (their HEALTHCHECK is `ctlab health`),
 * then the `client` service signs alice@contoso.com in through the real Entra URL and the dc's DNS;
 * from the host dig and ldapsearch reach the dc on the published ports, whose SRV records name the
 * ports of the compose network (88, 389) and whose A record names the dc's network address. A second
 * project on a failing variant (bob synced without onPremises attributes) ends the client with exit 1
 * at partialTgt. Logs are printed on failure.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { dig } from '../interop/dig.support.ts';
import { ldapsearch } from '../interop/ldapsearch.support.ts';
import { buildImage, composeCommand, DOCKER_MISSING, freePortBoth, IMAGE, IN_CI, ROOT, RUN_SUITE } from './docker.support.ts';

const COMPOSE = RUN_SUITE ? composeCommand() : undefined;
if (RUN_SUITE && !COMPOSE && !IN_CI) console.log('containers: compose test skipped: neither `docker compose` nor docker-compose runs (scripts/install-docker.sh installs docker-compose)');

const PROJECT = `ctlab-compose-${process.pid}`;
const env: Record<string, string> = { ...(process.env as Record<string, string>), CTLAB_IMAGE: IMAGE, CTLAB_SUBNET: '172.29.77.0/24', CTLAB_DC_ADDRESS: '172.29.77.10' };

function compose(args: string[], project = PROJECT, withEnv = env) {
  const [cmd, ...pre] = COMPOSE!;
  return spawnSync(cmd, [...pre, '-p', project, '-f', join(ROOT, 'docker/compose.yaml'), ...args], { encoding: 'utf8', env: withEnv, timeout: 180_000 });
}

function composeLogs(project = PROJECT, withEnv = env): string {
  const r = compose(['logs', '--no-color'], project, withEnv);
  return `${r.stdout}${r.stderr}`;
}

/** Waits for a container to exit; its exit code. */
function waitExit(id: string): number {
  const r = spawnSync('docker', ['wait', id], { encoding: 'utf8', timeout: 120_000 });
  return Number(r.stdout.trim());
}

describe.skipIf(!RUN_SUITE || (!COMPOSE && !IN_CI))('docker/compose.yaml', () => {
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    if (DOCKER_MISSING) throw new Error(`CI=true and no Docker engine: ${DOCKER_MISSING}`);
    if (!COMPOSE) throw new Error('CI=true and neither `docker compose` nor docker-compose runs');
    buildImage();
    const taken = new Set<number>();
    for (const name of ['DNS', 'KDC', 'LDAP', 'KPASSWD', 'GC', 'ENTRA', 'ENTRA_HTTP']) {
      ports[name] = await freePortBoth(taken);
      env[`CTLAB_HOST_${name}_PORT`] = String(ports[name]);
    }
    const up = compose(['up', '-d']);
    if (up.status !== 0) throw new Error(`compose up exited ${up.status}: ${up.stderr}`);
  }, 300_000);

  afterAll(() => {
    if (COMPOSE) compose(['down', '-v', '--timeout', '5']);
  });

  it('brings dc and entra up healthy (the client waits for both)', async () => {
    onTestFailed(() => console.log(`--- compose logs ---\n${composeLogs()}`));
    for (const service of ['dc', 'entra']) {
      const id = compose(['ps', '-q', service]).stdout.trim();
      expect(id).not.toBe('');
      const started = performance.now();
      let status = '';
      while (performance.now() - started < 60_000) {
        status = spawnSync('docker', ['inspect', '-f', '{{.State.Health.Status}}', id], { encoding: 'utf8' }).stdout.trim();
        if (status === 'healthy' || status === 'unhealthy') break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(status, service).toBe('healthy');
    }
  }, 130_000);

  it("signs alice@contoso.com in from the client service through https://login.microsoftonline.com and the dc's DNS", () => {
    onTestFailed(() => console.log(`--- compose logs ---\n${composeLogs()}`));
    const id = compose(['ps', '-a', '-q', 'client']).stdout.trim() || compose(['ps', '-q', 'client']).stdout.trim();
    expect(id).not.toBe('');
    expect(waitExit(id)).toBe(0);
    const log = compose(['logs', '--no-color', 'client']).stdout;
    expect(log).toMatch(/register\s+ok\s/);
    expect(log).toMatch(/partialTgt\s+ok\s+partial TGT alice@FABRIKAM\.LOCAL/);
    // The DC locator followed the dc's own A record (its network address, not the scenario's 127.0.0.1).
    expect(log).toMatch(/locateDc\s+ok\s+dc1\.fabrikam\.local \(172\.29\.77\.10\)/);
    expect(log).toMatch(/fullTgt\s+ok\s/);
    expect(log).toMatch(/serviceTicket\s+ok\s+service ticket for cifs\/fs1\.fabrikam\.local@FABRIKAM\.LOCAL/);
    expect(log).toContain('Signed in.');
  }, 130_000);

  it('fails bob@east.contoso.com at partialTgt on a variant whose bob lacks the onPremises attributes', async () => {
    const project = `${PROJECT}-variant`;
    const vEnv: Record<string, string> = {
      ...env,
      CTLAB_SUBNET: '172.29.78.0/24',
      CTLAB_DC_ADDRESS: '172.29.78.10',
      CTLAB_SCENARIOS_DIR: join(ROOT, 'test/containers/fixtures'),
      CTLAB_SCENARIO_FILE: 'east-missing-onprem-attributes.yaml',
      CTLAB_SIGNIN_UPN: 'bob@east.contoso.com',
      CTLAB_SIGNIN_PASSWORD: 'Bob-Passw0rd!',
    };
    const taken = new Set<number>(Object.values(ports));
    for (const name of ['DNS', 'KDC', 'LDAP', 'KPASSWD', 'GC', 'ENTRA', 'ENTRA_HTTP']) vEnv[`CTLAB_HOST_${name}_PORT`] = String(await freePortBoth(taken));
    onTestFailed(() => console.log(`--- compose logs (variant) ---\n${composeLogs(project, vEnv)}`));
    try {
      const up = compose(['up', '--exit-code-from', 'client'], project, vEnv);
      expect(up.status, up.stderr).toBe(1);
      const log = compose(['logs', '--no-color', 'client'], project, vEnv).stdout;
      expect(log).toMatch(/prt\s+ok\s/);
      expect(log).toMatch(/partialTgt\s+OnPremisesAttributesMissing\s/);
      expect(log).toContain('Sign-in FAILED at partialTgt: OnPremisesAttributesMissing');
    } finally {
      compose(['down', '-v', '--timeout', '3'], project, vEnv);
    }
  }, 240_000);

  it('answers dig and ldapsearch on the published ports; SRV records name the network ports', async () => {
    onTestFailed(() => console.log(`--- compose logs ---\n${composeLogs()}`));
    const srv = await dig(ports.DNS, ['SRV', '_kerberos._tcp.fabrikam.local']);
    expect(srv.answer.map((rr) => rr.rdata)).toEqual([['0', '100', '88', 'dc1.fabrikam.local.']]);
    const srvTcp = await dig(ports.DNS, ['+tcp', 'SRV', '_ldap._tcp.dc._msdcs.fabrikam.local']);
    expect(srvTcp.answer.map((rr) => rr.rdata[2])).toEqual(['389']);
    // The A record names the dc container's network address (CTLAB_DC_ADDRESS), not the scenario's 127.0.0.1.
    const a = await dig(ports.DNS, ['A', 'dc1.fabrikam.local']);
    expect(a.answer.map((rr) => rr.rdata[0])).toEqual(['172.29.77.10']);
    const r = await ldapsearch(['-x', '-H', `ldap://127.0.0.1:${ports.LDAP}`, '-b', '', '-s', 'base', 'dnsHostName']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.entries[0].attrs.get('dnsHostName')).toEqual(['dc1.fabrikam.local']);
  });
  // Last: it changes the dc's keys. dc and entra share no state, only the scenario seed.
  it("fails the client at fullTgt once dc's krbtgt_AzureAD was rotated twice on its own side (one-sided rotation)", () => {
    onTestFailed(() => console.log(`--- compose logs ---\n${composeLogs()}`));
    for (const force of [[], ['--force']]) {
      const r = compose(['exec', '-T', 'dc', 'node', '/app/bin/ctlab.mjs', 'kerberos-server', 'rotate', ...force, '--lab', '/tmp/ctlab/lab.json']);
      expect(r.status, r.stderr).toBe(0);
    }
    const run = compose(['run', '--rm', 'client']);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/partialTgt\s+ok\s/);
    expect(run.stdout).toContain('Sign-in FAILED at fullTgt: KRB_AP_ERR_BAD_INTEGRITY (31)');
  }, 120_000);
});
