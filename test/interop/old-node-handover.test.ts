/**
 * `./bin/ctlab.mjs` started by a Node too old for TypeScript sources (Debian 12's Node 20, the
 * `node` a newcomer's shell finds) hands over to the pinned Node in .cache/node-26 that make
 * installs, so the commands `make lab` prints work in any shell. Runs only where such a Node is
 * on the machine's PATH (it is on these machines; make puts the pinned one first for the tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function oldSystemNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir.includes('.cache/node-')) continue;
    const bin = join(dir, 'node');
    if (!existsSync(bin)) continue;
    const v = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const [major, minor] = v.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 18)) return bin;
  }
  return undefined;
}

const old = oldSystemNode();

describe.skipIf(!old || !existsSync(join(ROOT, '.cache/node-26/bin/node')))('an older Node on PATH', () => {
  it('runs ctlab through the pinned Node 26: the verb works and its exit code comes back', () => {
    const ok = spawnSync(old!, [join(ROOT, 'bin/ctlab.mjs'), 'validate', join(ROOT, 'scenarios/baseline.yaml')], { encoding: 'utf8', timeout: 60_000 });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/baseline\.yaml: ok/);
    const bad = spawnSync(old!, [join(ROOT, 'bin/ctlab.mjs'), 'validate', '/nonexistent.yaml'], { encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr + bad.stdout).toMatch(/nonexistent\.yaml/);
  });
});
