/**
 * The training page's server on a loopback port, without a lab behind its admin URL: the trace
 * stream (replay, Last-Event-ID, live events), the sign-in's request checks and the 501 when it
 * was started without a device, the exercise API on a scenario without one, unknown assets.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabStores } from '../../../emulator/stores/lab-stores.ts';
import { Trace } from '../../../emulator/trace/trace.ts';
import { UiServer } from '../../../emulator/ui/server.ts';
import { loadWorld } from '../../../emulator/world.ts';

const FIXTURE = new URL('../../fixtures/entra-lab.yaml', import.meta.url).pathname;
const world = loadWorld(FIXTURE);
const trace = new Trace();
const server = new UiServer({ world, stores: createLabStores(world, world.directory.dcs[0].hostName), trace, adminUrl: 'http://127.0.0.1:9', port: 0 });
let base: string;

beforeAll(async () => {
  const [a] = await server.start();
  base = `http://${a.host}:${a.port}`;
});
afterAll(() => server.close());

/** Reads the event stream until `n` data lines arrived; returns their ids and payloads. */
function readEvents(n: number, lastEventId?: number): Promise<{ id: number; e: Record<string, unknown> }[]> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/events`, { headers: lastEventId ? { 'last-event-id': String(lastEventId) } : {} }, (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      let buf = '';
      const out: { id: number; e: Record<string, unknown> }[] = [];
      res.on('data', (d) => {
        buf += d;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id && data) out.push({ id: Number(id), e: JSON.parse(data) });
          if (out.length === n) {
            req.destroy();
            resolve(out);
          }
        }
      });
    });
    req.on('error', (err) => (err.message.includes('aborted') ? undefined : reject(err)));
    req.end();
  });
}

describe('the training page server', () => {
  it('streams trace events: the recent ones on connect, after Last-Event-ID only the newer, then live ones', async () => {
    const sink = trace.sink('kdc', () => 1);
    sink({ step: 'AS', verdict: 'ok', key: new Uint8Array([1, 2]) });
    sink({ step: 'TGS', verdict: 'error', code: 'KRB_AP_ERR_BAD_INTEGRITY' });
    const first = await readEvents(2);
    expect(first.map((x) => [x.id, x.e.step, x.e.code ?? null])).toEqual([[1, 'AS', null], [2, 'TGS', 'KRB_AP_ERR_BAD_INTEGRITY']]);
    expect(first[0].e.key).toBe('0102');
    const later = readEvents(1, 2);
    setTimeout(() => sink({ step: 'AS', verdict: 'ok', client: 'alice@FABRIKAM.LOCAL' }), 50);
    expect((await later).map((x) => [x.id, x.e.client])).toEqual([[3, 'alice@FABRIKAM.LOCAL']]);
  });

  it('sign-in: a body that is not JSON is 415, and without a device it is 501', async () => {
    const post = (body: string, type = 'application/json') => fetch(`${base}/api/signin`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('{"upn":"alice@contoso.com"}', 'text/plain')).status).toBe(415);
    expect(await (await post('{"upn":"alice@contoso.com"}')).json()).toMatchObject({ error: 'NOT_IMPLEMENTED' });
  });

  it('no exercise is {exercise: null}; an answer then is 404; the world view is not hiding anything', async () => {
    expect(await (await fetch(`${base}/api/exercise`)).json()).toEqual({ exercise: null });
    const r = await fetch(`${base}/api/exercise/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"diagnosis":"clock-skew"}' });
    expect(r.status).toBe(404);
    const w = (await (await fetch(`${base}/api/world`)).json()) as { findingsHidden: boolean; findings: unknown[] };
    expect(w.findingsHidden).toBe(false);
    expect(w.findings.length).toBeGreaterThan(0);
  });

  it('serves only the files in public/, and an admin switch whose admin API is down is 502 ADMIN_UNREACHABLE', async () => {
    expect((await fetch(`${base}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${base}/assets/server.ts`)).status).toBe(404);
    const r = await fetch(`${base}/api/kerberos-server/rotate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(502);
    expect(((await r.json()) as { error: string }).error).toBe('ADMIN_UNREACHABLE');
  });
});
