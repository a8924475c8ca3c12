/**
 * The admin API over HTTP (emulator/admin/server.ts), on a free loopback port: routes, JSON
 * bodies, every refusal as `{"error": {"code", "message"}}` with its status, never a stack
 * trace, and the server still serving afterwards.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminServer, loopbackFor } from '../../../emulator/admin/index.ts';
import { adminLab, type AdminLab } from './fixture.ts';

let lab: AdminLab;
let server: AdminServer;
let base: string;
const trace: { step: string; verdict: string; code?: string; wire?: number }[] = [];

beforeAll(async () => {
  lab = adminLab();
  server = new AdminServer({ admin: lab.admin, port: 0, trace: (e) => trace.push(e), logger: { error: () => {} } });
  const [b] = await server.start();
  expect(b).toMatchObject({ name: 'admin/http', protocol: 'http', host: '127.0.0.1' });
  base = `http://127.0.0.1:${b.port}`;
});
afterAll(() => server.close());

async function call(method: string, path: string, body?: string): Promise<{ status: number; json: Record<string, any>; text: string }> {
  const res = await fetch(base + path, { method, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text), text };
}

describe('admin HTTP API', () => {
  it('GET /kerberos-server answers the Get-AzureADKerberosServer fields', async () => {
    const r = await call('GET', '/kerberos-server');
    expect(r.status).toBe(200);
    expect(r.json.kerberosServer).toMatchObject({ Id: 30775, KeyVersion: 2, CloudKeyVersion: 2 });
    expect(trace.at(-1)).toMatchObject({ step: 'get', verdict: 'ok' });
  });

  it('POST /kerberos-server/rotate with {"cloudOnly":true} moves only the cloud; a second plain rotate is within the rule only for AD', async () => {
    const r = await call('POST', '/kerberos-server/rotate', '{"cloudOnly":true}');
    expect(r.status).toBe(200);
    expect(r.json.kerberosServer).toMatchObject({ KeyVersion: 2, CloudKeyVersion: 3 });
    const again = await call('POST', '/kerberos-server/rotate', '{"cloudOnly":true}');
    expect([again.status, again.json.error.code]).toEqual([409, 'ROTATION_TOO_SOON']);
    expect(again.json.error.detail.nextAllowed).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(trace.at(-1)).toMatchObject({ step: 'rotate', verdict: 'error', code: 'ROTATION_TOO_SOON', wire: 409 });
  });

  it.each([
    ['malformed JSON', 'POST', '/kerberos-server/rotate', '{"force":', 400, 'MALFORMED_JSON'],
    ['a JSON array', 'POST', '/kerberos-server/rotate', '[1]', 400, 'BAD_REQUEST'],
    ['an unknown field', 'POST', '/kerberos-server/rotate', '{"rotate":true}', 400, 'BAD_REQUEST'],
    ['a field that is not a boolean', 'POST', '/kerberos-server/rotate', '{"force":"yes"}', 400, 'BAD_REQUEST'],
    ['both one-sided flags', 'POST', '/kerberos-server/rotate', '{"onPremOnly":true,"cloudOnly":true}', 400, 'BAD_REQUEST'],
    ['fields on remove', 'DELETE', '/kerberos-server', '{"all":true}', 400, 'BAD_REQUEST'],
    ['fields on set', 'PUT', '/kerberos-server', '{"x":1}', 400, 'BAD_REQUEST'],
    ['an unknown route', 'GET', '/nope', undefined, 404, 'NOT_FOUND'],
    ['a wrong method', 'PATCH', '/kerberos-server', '{}', 405, 'METHOD_NOT_ALLOWED'],
    ['an oversized body', 'POST', '/kerberos-server/rotate', `{"force":true,"pad":"${'x'.repeat(20_000)}"}`, 413, 'BODY_TOO_LARGE'],
  ])('%s: %s %s -> %d %s', async (_t, method, path, body, status, code) => {
    const r = await call(method, path, body);
    expect(r.status).toBe(status);
    if (code) {
      expect(r.json.error.code).toBe(code);
      expect(typeof r.json.error.message).toBe('string');
      expect(r.text).not.toMatch(/\n\s+at /);
    }
    expect((await call('GET', '/kerberos-server')).status).toBe(200);
  });

  it('a request cut off mid-body and a garbage request line leave the server serving', async () => {
    const port = Number(new URL(base).port);
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.end('POST /kerberos-server/rotate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"fo'));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
      s.resume();
    });
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.end('\x16\x03\x01\x00garbage\r\n\r\n'));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
      s.resume();
    });
    expect((await call('GET', '/kerberos-server')).status).toBe(200);
  });

  it('PUT then DELETE: set publishes AD\'s key, remove empties both sides, a second remove is NOT_CONFIGURED', async () => {
    const set = await call('PUT', '/kerberos-server');
    expect(set.json.kerberosServer).toMatchObject({ KeyVersion: 2, CloudKeyVersion: 2 });
    const rm = await call('DELETE', '/kerberos-server');
    expect([rm.status, rm.json.removed]).toEqual([200, { onPrem: true, cloud: true }]);
    const again = await call('DELETE', '/kerberos-server');
    expect([again.status, again.json.error.code]).toEqual([404, 'NOT_CONFIGURED']);
  });

  it('binds the loopback address of the lab\'s family', () => {
    expect([loopbackFor(undefined), loopbackFor('0.0.0.0'), loopbackFor('::')]).toEqual(['127.0.0.1', '127.0.0.1', '::1']);
  });
});
