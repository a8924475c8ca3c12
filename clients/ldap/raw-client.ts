/**
 * A raw LDAP v3 client over TCP (RFC 4511): send messages or bytes, read decoded responses until a
 * condition or close. search.ts builds the simple bind and search on it; tests use it to send
 * malformed PDUs on purpose. The server defaults to 127.0.0.1.
 */
import { connect, type Socket } from 'node:net';
import { LdapFramer, decodeMessage, encodeMessage, type LdapMessage } from '../../emulator/ldap/codec/index.ts';

export class RawClient {
  private readonly framer = new LdapFramer(16 * 1024 * 1024);
  private readonly got: LdapMessage[] = [];
  /** Every PDU received, as the server sent it. */
  readonly raw: Uint8Array[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  readonly socket: Socket;
  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (b: Buffer) => {
      for (const pdu of this.framer.push(new Uint8Array(b))) {
        this.raw.push(pdu);
        this.got.push(decodeMessage(pdu));
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, host, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(m: LdapMessage | Uint8Array): void {
    this.socket.write(m instanceof Uint8Array ? m : encodeMessage(m));
  }

  /** Waits until `done(messages)` holds or the connection closes (or the timeout passes). */
  async until(done: (msgs: LdapMessage[]) => boolean, timeoutMs = 5000): Promise<LdapMessage[]> {
    const end = Date.now() + timeoutMs;
    while (!done(this.got) && !this.closed && Date.now() < end) {
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.got;
  }

  /** Responses to one messageID, once its final response arrived. */
  async reply(id: number, finalOps: string[] = ['bindResponse', 'searchResDone', 'compareResponse', 'extendedResp', 'modifyResponse', 'addResponse', 'delResponse', 'modDNResponse']): Promise<LdapMessage[]> {
    const msgs = await this.until((m) => m.some((x) => x.messageId === id && finalOps.includes(x.protocolOp.op)));
    return msgs.filter((x) => x.messageId === id);
  }

  get messages(): LdapMessage[] {
    return this.got;
  }

  close(): void {
    this.socket.destroy();
  }
}

export const simpleBindMsg = (id: number, name: string, password: string): LdapMessage => ({
  messageId: id,
  protocolOp: { op: 'bindRequest', version: 3, name, authentication: { kind: 'simple', password: new TextEncoder().encode(password) } },
});
