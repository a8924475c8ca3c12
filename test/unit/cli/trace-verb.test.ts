/**
 * `ctlab trace`: a --trace JSON-lines file rendered as `ctlab up`'s readable lines (the real
 * command in its own process), and the exit code 2 with file:line for a line that is not an event.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTraceLine } from '../../../clients/cli/verbs/trace.ts';
import { renderTraceEvent } from '../../../clients/cli/trace-view.ts';
import { UsageError } from '../../../emulator/core/errors.ts';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'ctlab-trace-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EVENTS = [
  { service: 'kdc', t: Date.UTC(2026, 0, 2, 3, 4, 5, 6), exchange: 'AS', verdict: 'error', code: 'KDC_ERR_PREAUTH_FAILED', wire: 24, client: 'a@R', server: 'krbtgt/R@R', fact: 'wrong password' },
  { service: 'dns', t: Date.UTC(2026, 0, 2, 3, 4, 5, 7), transport: 'udp', kind: 'query', name: 'x.r', type: 'A', rcode: 'NXDOMAIN', answers: 0, truncated: false },
];

describe('ctlab trace', () => {
  it('prints one readable line per event of the file, in order, skipping blank lines', async () => {
    const file = join(tmp, 'trace.jsonl');
    writeFileSync(file, `${JSON.stringify(EVENTS[0])}\n\n${JSON.stringify(EVENTS[1])}\n`);
    const { stdout } = await run(process.execPath, ['bin/ctlab.mjs', 'trace', file]);
    expect(stdout).toBe(`${EVENTS.map((e) => renderTraceEvent(e)).join('\n')}\n`);
  });

  it('a line that is not a trace event: exit 2 naming the file and line', async () => {
    const file = join(tmp, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(EVENTS[0])}\n{"no":"service"}\n`);
    const r = await run(process.execPath, ['bin/ctlab.mjs', 'trace', file]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2:`);
  });

  it.each([
    ['not JSON', '{oops'],
    ['an array', '[1]'],
    ['a service that is not a string', '{"service":3}'],
  ])('parseTraceLine refuses %s', (_what, line) => {
    expect(() => parseTraceLine(line, 'f:1')).toThrow(UsageError);
  });
});
