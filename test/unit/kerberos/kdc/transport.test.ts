/** TCP framing (RFC 4120 7.2.2) and UDP (7.2.1) of the KDC service on a free loopback port. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { KRB_ERR } from '../../../../emulator/kerberos/error-codes.ts';
import { createKdcContext, startKdc, type KdcServer } from '../../../../emulator/kerberos/kdc/index.ts';
import { buildAsReq, encTimestamp, parseReply, sendTcp, sendUdp } from '../../../../clients/kerberos/index.ts';
import { dir, keyOf, keys, REALM } from './fixture.ts';

const rng = new SeededRandom('transport');
let kdc: KdcServer;
const HOST = '127.0.0.1';

beforeAll(async () => {
  kdc = await startKdc(createKdcContext(dir, { keys, config: { tcpMaxMessage: 4096 } }), { port: 0 });
});
afterAll(async () => kdc?.close());

const noPreauth = () => buildAsReq({ cname: 'alice', realm: REALM });
const withPreauth = () => buildAsReq({ cname: 'alice', realm: REALM, padata: [encTimestamp(keyOf('alice', 18), Date.now(), rng)] });
const frame = (m: Uint8Array) => {
  const b = Buffer.alloc(4 + m.length);
  b.writeUInt32BE(m.length);
  b.set(m, 4);
  return b;
};

/** Writes `chunks` with pauses and collects framed replies until `want` arrived or the peer closed. */
function exchange(chunks: Buffer[], want: number): Promise<{ replies: Uint8Array[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: HOST, port: kdc.port });
    let buf = Buffer.alloc(0);
    const replies: Uint8Array[] = [];
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`timeout with ${replies.length} replies`)); }, 5000);
    s.on('connect', async () => {
      for (const c of chunks) {
        s.write(c);
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
        replies.push(new Uint8Array(buf.subarray(4, 4 + buf.readUInt32BE(0))));
        buf = buf.subarray(4 + buf.readUInt32BE(0));
      }
      if (replies.length >= want) { clearTimeout(timer); s.destroy(); resolve({ replies, closed: false }); }
    });
    s.on('close', () => { clearTimeout(timer); resolve({ replies, closed: true }); });
    s.on('error', reject);
  });
}

const code = (b: Uint8Array) => {
  const r = parseReply(b);
  return r.type === 'error' ? r.error.errorCode : 0;
};

describe('KDC over TCP', () => {
  it('listens on TCP and UDP on one port', () => {
    expect(kdc.port).toBeGreaterThan(0);
    expect(kdc.state).toBe('running');
  });

  it('answers several requests on one connection, in order', async () => {
    const { replies } = await exchange([Buffer.concat([frame(noPreauth()), frame(withPreauth()), frame(noPreauth())])], 3);
    expect(replies.map(code)).toEqual([KRB_ERR.KDC_ERR_PREAUTH_REQUIRED, 0, KRB_ERR.KDC_ERR_PREAUTH_REQUIRED]);
  });

  it('reassembles a request split into many small pieces, the length prefix included', async () => {
    const f = frame(withPreauth());
    const pieces: Buffer[] = [];
    for (let i = 0; i < f.length; i += 7) pieces.push(f.subarray(i, i + 7));
    const { replies } = await exchange(pieces, 1);
    expect(code(replies[0])).toBe(0);
  });

  it('refuses the reserved high length bit and over-long messages with KRB_ERR_FIELD_TOOLONG and closes', async () => {
    const high = Buffer.from([0x80, 0, 0, 0x10]);
    const r1 = await exchange([high], 2);
    expect(r1.replies.map(code)).toEqual([KRB_ERR.KRB_ERR_FIELD_TOOLONG]);
    expect(r1.closed).toBe(true);
    const long = Buffer.alloc(4);
    long.writeUInt32BE(4097);
    const r2 = await exchange([long], 2);
    expect(r2.replies.map(code)).toEqual([KRB_ERR.KRB_ERR_FIELD_TOOLONG]);
    expect(r2.closed).toBe(true);
  });

  it('keeps serving after garbage', async () => {
    const { replies } = await exchange([frame(new Uint8Array([0xde, 0xad, 0xbe, 0xef])), frame(withPreauth())], 2);
    expect(replies.map(code)).toEqual([KRB_ERR.KRB_ERR_GENERIC, 0]);
  });
});

describe('KDC over UDP', () => {
  it('answers small replies over UDP', async () => {
    expect(code(await sendUdp(HOST, kdc.port, noPreauth()))).toBe(KRB_ERR.KDC_ERR_PREAUTH_REQUIRED);
  });

  it('answers KRB_ERR_RESPONSE_TOO_BIG when the TGT does not fit, and TCP then delivers it', async () => {
    const req = withPreauth();
    expect(code(await sendUdp(HOST, kdc.port, req))).toBe(KRB_ERR.KRB_ERR_RESPONSE_TOO_BIG);
    const rep = await sendTcp(HOST, kdc.port, req);
    expect(rep.length).toBeGreaterThan(1465);
    expect(code(rep)).toBe(0);
  });
});

describe('trace events name the peer', () => {
  it('over TCP and UDP: the client address and port the KDC saw', async () => {
    const events: { transport?: string; peer?: string; verdict: string }[] = [];
    const traced = await startKdc(createKdcContext(dir, { keys, trace: (e) => events.push(e) }), { port: 0 });
    try {
      const local = await new Promise<string>((resolve, reject) => {
        const s = connect({ host: HOST, port: traced.port }, () => {
          const me = `${s.localAddress}:${s.localPort}`;
          s.write(frame(noPreauth()));
          s.once('data', () => {
            s.destroy();
            resolve(me);
          });
        });
        s.on('error', reject);
      });
      await sendUdp(HOST, traced.port, noPreauth());
      expect(events.map((e) => e.transport)).toEqual(['tcp', 'udp']);
      expect(events[0].peer).toBe(local);
      expect(events[1].peer).toMatch(/^127\.0\.0\.1:\d+$/);
    } finally {
      await traced.close();
    }
  });

  it('a context without a trace sink says so (dispatch then builds no events)', () => {
    expect(createKdcContext(dir, { keys }).tracing).toBe(false);
    expect(createKdcContext(dir, { keys, trace: () => {} }).tracing).toBe(true);
  });
});
