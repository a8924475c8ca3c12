/**
 * bin/strip-cache.mjs: a TypeScript module loaded through the hook runs as Node would run it, its
 * stripped form is kept under the SHA-256 of the Node version and the source (types replaced by
 * spaces, so positions stay), a second process reads it back instead of stripping, an edited
 * source misses, and a cache directory others can write is not used. Child processes of the Node
 * running the tests (the hook is process-wide).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const HOOK = new URL('../../../bin/strip-cache.mjs', import.meta.url).href;
const work = mkdtempSync(join(tmpdir(), 'ctlab-strip-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `main.ts` of `dir` with the hook on `cache`: what it prints, and the hook's answer. */
function run(cache: string, dir: string): { enabled: boolean; out: string } {
  const script = `import { enableStripCache } from ${JSON.stringify(HOOK)};
const enabled = enableStripCache(${JSON.stringify(cache)});
const m = await import(${JSON.stringify(join(dir, 'main.ts'))});
console.log(JSON.stringify({ enabled, out: m.run() }));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { enabled: boolean; out: string };
}

describe('the stripped-source cache', () => {
  it('strips once, reads back after, misses on an edit; positions and output as without it', () => {
    const dir = join(work, 'src');
    const cache = join(work, 'cache');
    mkdirSync(dir);
    writeFileSync(join(dir, 'lib.ts'), 'export interface P { n: number }\nexport const twice = (p: P): number => p.n * 2;\n');
    writeFileSync(join(dir, 'main.ts'), "import { twice, type P } from './lib.ts';\nexport function run(): string { const p: P = { n: 21 }; return `${twice(p)} ${new Error('x').stack!.split('\\n')[1].trim()}`; }\n");
    const first = run(cache, dir);
    expect(first.enabled).toBe(true);
    // Line 2, column of `new Error` in the original source: the stripped text keeps positions.
    const col = readFileSync(join(dir, 'main.ts'), 'utf8').split('\n')[1].indexOf('new Error') + 1;
    expect(first.out).toMatch(new RegExp(`^42 at (Module\\.)?run \\(.*main\\.ts:2:${col}\\)$`));
    const files = readdirSync(cache).filter((f) => f.endsWith('.js'));
    expect(files).toHaveLength(2);
    const stripped = files.map((f) => readFileSync(join(cache, f), 'utf8')).find((t) => t.includes('twice ='))!;
    expect(stripped).toContain('export const twice = (p   )         => p.n * 2;');
    expect(stripped.length).toBe(readFileSync(join(dir, 'lib.ts'), 'utf8').length);

    // A second process reads the cached text: changed there, it is what runs.
    const libKey = files.find((f) => readFileSync(join(cache, f), 'utf8').includes('twice ='))!;
    writeFileSync(join(cache, libKey), stripped.replace('p.n * 2', 'p.n * 3'));
    expect(run(cache, dir).out).toMatch(/^63 /);

    // An edited source has another key: stripped again.
    writeFileSync(join(dir, 'lib.ts'), 'export interface P { n: number }\nexport const twice = (p: P): number => p.n + p.n;\n');
    expect(run(cache, dir).out).toMatch(/^42 /);
    expect(readdirSync(cache).filter((f) => f.endsWith('.js'))).toHaveLength(3);
  });

  it('is not used from a directory others can write', () => {
    const dir = join(work, 'src2');
    const cache = join(work, 'open-cache');
    mkdirSync(dir);
    mkdirSync(cache);
    chmodSync(cache, 0o777);
    writeFileSync(join(dir, 'main.ts'), 'export function run(): string { const s: string = "ok"; return s; }\n');
    const r = run(cache, dir);
    expect(r).toMatchObject({ enabled: false, out: 'ok' });
    expect(readdirSync(cache)).toEqual([]);
  });
});
