/**
 * docker/compose.yaml: `up` brings the `dc` service to healthy (its HEALTHCHECK is `ctlab health`),
 * and from the host dig and ldapsearch reach it on the published ports; the SRV records name the
 * ports of the compose network (88, 389), where compose clients live. Logs are printed on failure.
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

function compose(args: string[]) {
  const [cmd, ...pre] = COMPOSE!;
  return spawnSync(cmd, [...pre, '-p', PROJECT, '-f', join(ROOT, 'docker/compose.yaml'), ...args], { encoding: 'utf8', env, timeout: 180_000 });
}

function composeLogs(): string {
  const r = compose(['logs', '--no-color']);
  return `${r.stdout}${r.stderr}`;
}

describe.skipIf(!RUN_SUITE || (!COMPOSE && !IN_CI))('docker/compose.yaml', () => {
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    if (DOCKER_MISSING) throw new Error(`CI=true and no Docker engine: ${DOCKER_MISSING}`);
    if (!COMPOSE) throw new Error('CI=true and neither `docker compose` nor docker-compose runs');
    buildImage();
    const taken = new Set<number>();
    for (const name of ['DNS', 'KDC', 'LDAP', 'KPASSWD', 'GC']) {
      ports[name] = await freePortBoth(taken);
      env[`CTLAB_HOST_${name}_PORT`] = String(ports[name]);
    }
    const up = compose(['up', '-d']);
    if (up.status !== 0) throw new Error(`compose up exited ${up.status}: ${up.stderr}`);
  }, 300_000);

  afterAll(() => {
    if (COMPOSE) compose(['down', '-v', '--timeout', '5']);
  });

  it('brings dc up healthy', async () => {
    onTestFailed(() => console.log(`--- compose logs ---\n${composeLogs()}`));
    const id = compose(['ps', '-q', 'dc']).stdout.trim();
    expect(id).not.toBe('');
    const started = performance.now();
    let status = '';
    while (performance.now() - started < 60_000) {
      status = spawnSync('docker', ['inspect', '-f', '{{.State.Health.Status}}', id], { encoding: 'utf8' }).stdout.trim();
      if (status === 'healthy' || status === 'unhealthy') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe('healthy');
    console.log(`containers: compose dc healthy ${((performance.now() - started) / 1000).toFixed(1)} s after up returned`);
  }, 90_000);

  it('answers dig and ldapsearch on the published ports; SRV records name the network ports', async () => {
    onTestFailed(() => console.log(`--- compose logs ---\n${composeLogs()}`));
    const srv = await dig(ports.DNS, ['SRV', '_kerberos._tcp.fabrikam.local']);
    expect(srv.answer.map((rr) => rr.rdata)).toEqual([['0', '100', '88', 'dc1.fabrikam.local.']]);
    const srvTcp = await dig(ports.DNS, ['+tcp', 'SRV', '_ldap._tcp.dc._msdcs.fabrikam.local']);
    expect(srvTcp.answer.map((rr) => rr.rdata[2])).toEqual(['389']);
    const r = await ldapsearch(['-x', '-H', `ldap://127.0.0.1:${ports.LDAP}`, '-b', '', '-s', 'base', 'dnsHostName']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.entries[0].attrs.get('dnsHostName')).toEqual(['dc1.fabrikam.local']);
  });
});
