/**
 * Bounded, seeded fuzzing of the Kerberos server admin API over HTTP: random methods and paths,
 * valid bodies mutated (bit flips, truncation, inserted bytes), random JSON values and fields.
 * Every answer is JSON: 200 with the state, or `{"error": {"code", "message"}}` with the code's
 * status and no stack trace; the server answers a GET afterwards. The clock is fixed, so only
 * `force` rotations get through after the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminServer } from '../../emulator/admin/index.ts';
import { ADMIN_HTTP_STATUS } from '../../emulator/admin/errors.ts';
import { adminLab } from '../unit/admin/fixture.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, mutate, truncate } from '../support/mutate.ts';

const ITERATIONS = 400;
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
const PATHS = ['/kerberos-server', '/kerberos-server/rotate', '/kerberos-server/', '/', '/kerberos-server/rotate/x', '/%00', '/kerberos-server?x=1'];
const BODIES = ['{"force":true}', '{"cloudOnly":true,"force":true}', '{"onPremOnly":true,"force":true}', '{}', '', 'null', '[]', '{"force":1}'];
const VALUES = [true, false, 0, 1, 'x', null, [], {}, 1e308];
const FIELDS = ['force', 'onPremOnly', 'cloudOnly', 'x', '__proto__', 'constructor'];

let server: AdminServer;
let base: string;

beforeAll(async () => {
  const lab = adminLab();
  server = new AdminServer({ admin: lab.admin, port: 0, logger: { error: () => {} } });
  base = `http://127.0.0.1:${(await server.start())[0].port}`;
});
afterAll(() => server.close());

function body(rng: FuzzRng, i: number): string {
  switch (i % 3) {
    case 0:
      return Buffer.from(mutate(rng, new TextEncoder().encode(BODIES[rng.int(BODIES.length)]), [bitFlip, truncate, insertBytes(6), deleteRun(3)], 2)).toString('latin1');
    case 1: {
      const o: Record<string, unknown> = {};
      for (let k = rng.int(3); k >= 0; k--) o[FIELDS[rng.int(FIELDS.length)]] = VALUES[rng.int(VALUES.length)];
      return JSON.stringify(o);
    }
    default:
      return BODIES[rng.int(BODIES.length)];
  }
}

describe('admin API fuzz', () => {
  it(`${ITERATIONS} random requests: JSON answers with a known code, never a stack trace`, async () => {
    const rng = new FuzzRng('admin-fuzz');
    const seen = new Set<string>();
    for (let i = 0; i < ITERATIONS; i++) {
      const method = METHODS[rng.int(METHODS.length)];
      const b = method === 'GET' || method === 'OPTIONS' ? undefined : body(rng, i);
      const res = await fetch(base + PATHS[rng.int(PATHS.length)], { method, ...(b !== undefined ? { body: b } : {}) });
      const text = await res.text();
      expect(text).not.toMatch(/\n\s+at /);
      const json = JSON.parse(text);
      if (res.status === 200) {
        expect(json.kerberosServer).toBeTypeOf('object');
      } else {
        expect(Object.keys(ADMIN_HTTP_STATUS)).toContain(json.error.code);
        expect(res.status).toBe(ADMIN_HTTP_STATUS[json.error.code as keyof typeof ADMIN_HTTP_STATUS]);
        expect(json.error.code).not.toBe('INTERNAL');
      }
      seen.add(res.status === 200 ? '200' : json.error.code);
    }
    expect(seen).toContain('200');
    expect(seen).toContain('MALFORMED_JSON');
    expect(seen).toContain('BAD_REQUEST');
    expect((await fetch(`${base}/kerberos-server`)).status).toBe(200);
  });
});
