/**
 * Simple bind and search over the raw LDAP client (RFC 4511 4.2, 4.5), the two operations the
 * admin commands need. Results come back as data with their result code; only a connection that
 * closes or never answers throws ClientError.
 */
import { parseFilter, resultName, SCOPE, type LdapMessage, type Scope } from '../../emulator/ldap/codec/index.ts';
import { ClientError } from '../errors.ts';
import { RawClient } from './raw-client.ts';

export interface LdapResultInfo {
  readonly resultCode: number;
  /** RFC 4511 name: 'success', 'invalidCredentials', 'operationsError', ... */
  readonly resultName: string;
  readonly diagnosticMessage: string;
}

export interface LdapEntry {
  readonly dn: string;
  /** Attribute values as UTF-8 text, keyed by the lower-cased attribute name. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
  /** The same values as bytes (binary attributes such as objectGUID). */
  readonly raw: ReadonlyMap<string, readonly Uint8Array[]>;
}

export interface SearchSpec {
  readonly base: string;
  readonly scope?: 'base' | 'one' | 'sub';
  /** RFC 4515 string form, e.g. `(objectClass=server)`. */
  readonly filter?: string;
  readonly attributes?: readonly string[];
  readonly sizeLimit?: number;
}

const SCOPES: Record<NonNullable<SearchSpec['scope']>, Scope> = { base: SCOPE.baseObject, one: SCOPE.singleLevel, sub: SCOPE.wholeSubtree };

function resultOf(m: LdapMessage | undefined, peer: string, closed: boolean): LdapResultInfo {
  const op = m?.protocolOp as { resultCode?: number; diagnosticMessage?: string } | undefined;
  if (!op || typeof op.resultCode !== 'number') {
    throw closed
      ? new ClientError('ldap', 'CLOSED', 'the connection closed before the final response', { peer })
      : new ClientError('ldap', 'TIMEOUT', 'no final response in time', { peer });
  }
  return { resultCode: op.resultCode, resultName: resultName(op.resultCode), diagnosticMessage: op.diagnosticMessage ?? '' };
}

/** One LDAP connection with a message-id counter. */
export class LdapConnection {
  readonly peer: string;
  private nextId = 1;
  private readonly client: RawClient;
  private constructor(client: RawClient, peer: string) {
    this.client = client;
    this.peer = peer;
  }

  static async open(host: string, port: number): Promise<LdapConnection> {
    try {
      return new LdapConnection(await RawClient.open(port, host), `${host}:${port}`);
    } catch (err) {
      throw new ClientError('ldap', 'UNREACHABLE', `connect failed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { peer: `${host}:${port}`, cause: err });
    }
  }

  /** Simple bind (RFC 4513 5.1): AD takes a DN, a UPN or DOMAIN\\sam as the name. */
  async bind(name: string, password: string): Promise<LdapResultInfo> {
    const id = this.nextId++;
    this.client.send({ messageId: id, protocolOp: { op: 'bindRequest', version: 3, name, authentication: { kind: 'simple', password: new TextEncoder().encode(password) } } });
    const msgs = await this.client.reply(id);
    return resultOf(msgs.at(-1), this.peer, this.client.closed);
  }

  async search(spec: SearchSpec): Promise<{ result: LdapResultInfo; entries: LdapEntry[] }> {
    const id = this.nextId++;
    this.client.send({
      messageId: id,
      protocolOp: {
        op: 'searchRequest',
        baseObject: spec.base,
        scope: SCOPES[spec.scope ?? 'sub'],
        derefAliases: 0,
        sizeLimit: spec.sizeLimit ?? 0,
        timeLimit: 0,
        typesOnly: false,
        filter: parseFilter(spec.filter ?? '(objectClass=*)'),
        attributes: spec.attributes ?? [],
      },
    });
    const msgs = await this.client.reply(id);
    const entries: LdapEntry[] = [];
    const dec = new TextDecoder();
    for (const m of msgs) {
      if (m.protocolOp.op !== 'searchResEntry') continue;
      const attributes = new Map<string, string[]>();
      const raw = new Map<string, Uint8Array[]>();
      for (const a of m.protocolOp.attributes) {
        attributes.set(a.type.toLowerCase(), a.values.map((v) => dec.decode(v)));
        raw.set(a.type.toLowerCase(), [...a.values]);
      }
      entries.push({ dn: m.protocolOp.objectName, attributes, raw });
    }
    return { result: resultOf(msgs.at(-1), this.peer, this.client.closed), entries };
  }

  close(): void {
    this.client.close();
  }
}
