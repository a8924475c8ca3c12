/**
 * Support for test/interop/mit-capture.test.ts and test/vectors/captures/generate-mit.ts:
 * the capture realm (a throwaway MIT KDC from test/support/mit-kdc.ts), a Node TCP proxy between
 * a client and that KDC that records every Kerberos frame (RFC 4120 7.2.2: 4-byte big-endian
 * length, then the message), and `kinit` driven with the password on stdin. Missing tools fail
 * loudly: a spawn error is thrown, never skipped.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { startMitKdc, writeKrb5Conf, type MitKdc } from '../support/mit-kdc.ts';
import { runMitToolOk } from '../support/mit-tools.ts';

export const REALM = 'CAPTURE.TEST';
export const USER = 'alice';
/** Lab-only password (the AS-REP in a capture is encrypted under its key; salt REALM + user). */
export const USER_PASSWORD = 'Capture!Passw0rd';
/** Client and KDC enctypes: AES only, so the capture's AS-REQ lists exactly 18, 17. */
const ENCTYPES = ['aes256-cts-hmac-sha1-96', 'aes128-cts-hmac-sha1-96'];

export interface Frame {
  connection: number;
  direction: 'request' | 'reply';
  bytes: Uint8Array;
}

/** The capture realm with `alice` (requires pre-auth), krb5kdc in the foreground on a free port. */
export function startCaptureKdc(): Promise<MitKdc> {
  return startMitKdc({
    realm: REALM,
    principals: { [`${USER}@${REALM}`]: USER_PASSWORD },
    krb5: { enctypes: ENCTYPES },
    prefix: 'ctlab-mit-capture-',
  });
}

/** Splits a TCP byte stream into Kerberos record-marked frames; leftover bytes stay buffered. */
class FrameSplitter {
  private buf = Buffer.alloc(0);
  private readonly emit: (frame: Uint8Array) => void;
  constructor(emit: (frame: Uint8Array) => void) {
    this.emit = emit;
  }
  push(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0) & 0x7fffffff;
      if (this.buf.length < 4 + len) return;
      this.emit(new Uint8Array(this.buf.subarray(4, 4 + len)));
      this.buf = this.buf.subarray(4 + len);
    }
  }
}

export interface RecordingProxy {
  port: number;
  frames: Frame[];
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 (free port) to `targetPort` that records every frame both ways. */
export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const frames: Frame[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    const id = connections++;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const req = new FrameSplitter((bytes) => frames.push({ connection: id, direction: 'request', bytes }));
    const rep = new FrameSplitter((bytes) => frames.push({ connection: id, direction: 'reply', bytes }));
    client.on('data', (d: Buffer) => {
      req.push(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      rep.push(d);
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', res));
  return {
    port: (server.address() as AddressInfo).port,
    frames,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}

/** Runs `kinit alice@REALM` through `kdcPort` with the password on stdin; throws if kinit fails. */
export async function runKinit(kdc: MitKdc, kdcPort: number): Promise<void> {
  const krb5Config = writeKrb5Conf(join(kdc.dir, `krb5-client-${kdcPort}.conf`), { realm: REALM, kdcPort, enctypes: ENCTYPES });
  await runMitToolOk('kinit', [`${USER}@${REALM}`], { krb5Config, ccache: join(kdc.dir, 'ccache'), input: `${USER_PASSWORD}\n` });
}
