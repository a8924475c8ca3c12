/**
 * Whether the container suite can run: a Docker engine answering `docker info`. On a laptop
 * without one the suite is skipped with one line saying why; under CI=true it must run, so the
 * missing engine is a failure (make test installs and starts one first: scripts/install-docker.sh).
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const IMAGE = process.env.CTLAB_IMAGE ?? 'cloudtrust-lab:latest';

// testcontainers' reaper container would have to be pulled; the tests stop what they start.
process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';

/** Undefined when Docker answers, else why not. */
function dockerMissing(): string | undefined {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error) return `no docker command (${(r.error as NodeJS.ErrnoException).code})`;
  if (r.status !== 0) return `docker info failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`;
  return undefined;
}

export const DOCKER_MISSING = dockerMissing();
export const IN_CI = process.env.CI === 'true';
if (DOCKER_MISSING && !IN_CI) {
  console.log(`containers: suite skipped: ${DOCKER_MISSING} (make test installs and starts Docker; CI=true makes this a failure)`);
}
/** Run the suite when Docker answers, or under CI (where a missing engine must fail). */
export const RUN_SUITE = !DOCKER_MISSING || IN_CI;

/** Builds the image with docker/build-image.sh (offline base when no registry); returns its output. */
export function buildImage(): string {
  const r = spawnSync('bash', [resolve(ROOT, 'docker/build-image.sh'), IMAGE], { encoding: 'utf8', timeout: 600_000, cwd: ROOT });
  if (r.status !== 0) throw new Error(`docker/build-image.sh exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/** `docker image inspect` size in bytes. */
export function imageSize(image: string): number {
  const r = spawnSync('docker', ['image', 'inspect', '-f', '{{.Size}}', image], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

/** The compose command: the `docker compose` plugin, else Debian's docker-compose; undefined when neither runs. */
export function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0) return ['docker-compose'];
  return undefined;
}

/** A port free on TCP and UDP on all interfaces (what a published port needs), from the kernel's picks. */
export async function freePortBoth(taken: Set<number>): Promise<number> {
  const { createServer } = await import('node:net');
  const { createSocket } = await import('node:dgram');
  for (let i = 0; i < 50; i++) {
    const port = await new Promise<number>((done, fail) => {
      const s = createServer();
      s.once('error', fail);
      s.listen(0, '0.0.0.0', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    const udpFree = await new Promise<boolean>((done) => {
      const u = createSocket('udp4');
      u.once('error', () => done(false));
      u.bind(port, '0.0.0.0', () => u.close(() => done(true)));
    });
    if (udpFree && !taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no port free on both TCP and UDP');
}
