/**
 * The image under the posture docker/k8s/deployment.yaml asks for, with plain `docker run`: all
 * capabilities dropped, no privilege escalation, a read-only root with /tmp writable, the
 * image's non-root user, the scenario mounted as a file where CTLAB_SCENARIO names it (as the
 * ConfigMap is). It must come up healthy and run the mounted scenario. No cluster is reachable
 * here, so this is how the manifest's security context meets a real container runtime.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { buildImage, DOCKER_MISSING, IMAGE, ROOT, RUN_SUITE } from './docker.support.ts';

const docker = (args: string[]) => spawnSync('docker', args, { encoding: 'utf8', timeout: 120_000 });

describe.skipIf(!RUN_SUITE)('docker run with the Kubernetes security context', () => {
  let id = '';

  beforeAll(() => {
    if (DOCKER_MISSING) throw new Error(`CI=true and no Docker engine: ${DOCKER_MISSING}`);
    buildImage();
    const r = docker([
      'run', '-d', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--read-only', '--tmpfs', '/tmp:size=16m',
      '--sysctl', 'net.ipv4.ip_unprivileged_port_start=0',
      '-v', `${join(ROOT, 'scenarios/baseline.yaml')}:/scenario/scenario.yaml:ro`, '-e', 'CTLAB_SCENARIO=/scenario/scenario.yaml',
      IMAGE,
    ]);
    if (r.status !== 0) throw new Error(`docker run exited ${r.status}: ${r.stderr}`);
    id = r.stdout.trim();
  }, 300_000);

  afterAll(() => {
    if (id) docker(['rm', '-f', id]);
  });

  it('comes up healthy as uid 1000 on the mounted scenario', async () => {
    onTestFailed(() => console.log(`--- container log ---\n${docker(['logs', id]).stdout}`));
    let status = '';
    const started = performance.now();
    while (performance.now() - started < 60_000) {
      status = docker(['inspect', '-f', '{{.State.Health.Status}}', id]).stdout.trim();
      if (status === 'healthy' || status === 'unhealthy' || status === '') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe('healthy');
    expect(docker(['exec', id, 'node', '-p', 'process.getuid()']).stdout.trim()).toBe('1000');
    expect(docker(['logs', id]).stdout).toMatch(/^scenario baseline \(\/scenario\/scenario\.yaml\): realm CONTOSO\.COM$/m);
    // Nothing outside /tmp is writable.
    const write = docker(['exec', id, 'node', '-e', "require('fs').writeFileSync('/app/x', '')"]);
    expect(write.status).not.toBe(0);
    expect(write.stderr).toContain('EROFS');
  }, 90_000);
});
