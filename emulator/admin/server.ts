/**
 * The Kerberos server admin API over HTTP: JSON in, JSON out, on loopback only (it binds
 * 127.0.0.1, or ::1 when the lab binds an IPv6 address, whatever the lab's --bind; a request from
 * elsewhere is refused with 403). Port 10091 by default (`--admin-port`, CTLAB_ADMIN_PORT; 0 = any
 * free port). Routes (docs/kerberos-server-admin.md):
 *
 *   GET    /kerberos-server          Get-AzureADKerberosServer
 *   PUT    /kerberos-server          Set-AzureADKerberosServer (create / publish)
 *   POST   /kerberos-server/rotate   {"force"?, "onPremOnly"?, "cloudOnly"?}
 *   DELETE /kerberos-server          Remove-AzureADKerberosServer
 *   GET|PUT /scenario, POST /lab/reset, GET|POST /faults   the running scenario, its restart and
 *                                    the fault switches (lab-admin.ts, docs/lab-admin.md)
 *
 * Every failure is `{"error": {"code", "message"[, "detail"]}}` with the code's HTTP status
 * (errors.ts); bodies over 16 KiB get 413, malformed JSON 400; an unexpected exception is logged
 * and answered 500 INTERNAL without a stack trace. The server keeps serving.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../core/errors.ts';
import { Logger } from '../core/log.ts';
import type { BoundAddress, Service, ServiceState } from '../core/service.ts';
import type { TraceEnvelope } from '../trace/envelope.ts';
import { ScenarioErrors } from '../scenario/errors.ts';
import { AdminError } from './errors.ts';
import type { KerberosServerAdmin, RotateOptions } from './kerberos-server.ts';
import { LabAdmin, MAX_SCENARIO_BODY, type LabControl } from './lab-admin.ts';

export const DEFAULT_ADMIN_PORT = 10091;
export const ADMIN_PORT_ENV = 'CTLAB_ADMIN_PORT';
/** Largest request body accepted. */
export const MAX_ADMIN_BODY = 16 * 1024;

export interface AdminServerOptions {
  /** The Kerberos server operations, or a getter for the running world's (they change on a restart). */
  readonly admin: KerberosServerAdmin | (() => KerberosServerAdmin);
  /** The running scenario and its restart; without it the scenario routes answer NOT_CONFIGURED. */
  readonly lab?: LabControl;
  /** The lab's bind address; the admin server takes the loopback address of the same family. */
  readonly bind?: string;
  readonly port?: number;
  readonly trace?: (e: Omit<TraceEnvelope, 'service' | 't'>) => void;
  readonly logger?: Pick<Logger, 'error'>;
}

/** 127.0.0.1, or ::1 for an IPv6 lab. */
export function loopbackFor(bind: string | undefined): string {
  return bind !== undefined && bind.includes(':') ? '::1' : '127.0.0.1';
}

function isLoopback(addr: string | undefined): boolean {
  return addr !== undefined && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

/** One operation: its trace step, what it does with the body and (default MAX_ADMIN_BODY) its largest body. */
type Route = { step: string; run: (body: unknown) => unknown; maxBody?: number };

/** Reads a JSON body of at most `max` bytes; undefined when empty. */
async function readJson(req: IncomingMessage, max = MAX_ADMIN_BODY): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new AdminError('BODY_TOO_LARGE', `the body is ${declared} bytes; at most ${max} are accepted`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new AdminError('BODY_TOO_LARGE', `the body exceeds ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AdminError('MALFORMED_JSON', `the body is not JSON: ${(err as Error).message}`);
  }
}

/** A body that must be absent or an object whose fields are all booleans named in `allowed`. */
export function booleanFields(body: unknown, allowed: readonly string[]): Record<string, boolean> {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AdminError('BAD_REQUEST', `expected a JSON object${allowed.length ? ` with ${allowed.join(', ')}` : ' (no fields)'}`);
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!allowed.includes(k)) throw new AdminError('BAD_REQUEST', `unknown field "${k}"${allowed.length ? `; expected ${allowed.join(', ')}` : '; this request takes no fields'}`, { field: k });
    if (typeof v !== 'boolean') throw new AdminError('BAD_REQUEST', `field "${k}" must be true or false`, { field: k });
    out[k] = v;
  }
  return out;
}

export class AdminServer implements Service {
  readonly name = 'admin';
  private st: ServiceState = 'new';
  private server: Server | undefined;
  private readonly o: AdminServerOptions;
  private readonly log: Pick<Logger, 'error'>;
  private readonly routes: Record<string, Record<string, Route>>;

  constructor(o: AdminServerOptions) {
    this.o = o;
    this.log = o.logger ?? new Logger('admin');
    const a = (): KerberosServerAdmin => (typeof o.admin === 'function' ? o.admin() : o.admin);
    const none = (): never => {
      throw new AdminError('NOT_CONFIGURED', 'this admin API serves no running lab (the scenario routes need one)');
    };
    const lab = o.lab ? new LabAdmin(o.lab, o.trace) : undefined;
    const l = (): LabAdmin => lab ?? none();
    this.routes = {
      '/kerberos-server': {
        GET: { step: 'get', run: (b) => (booleanFields(b, []), a().get()) },
        PUT: { step: 'set', run: (b) => (booleanFields(b, []), a().set()) },
        DELETE: { step: 'remove', run: (b) => (booleanFields(b, []), a().remove()) },
      },
      '/kerberos-server/rotate': {
        POST: { step: 'rotate', run: (b) => a().rotate(booleanFields(b, ['force', 'onPremOnly', 'cloudOnly']) as RotateOptions) },
      },
      // GETs are step 'get' (the page re-reads the world after every other admin step).
      '/scenario': {
        GET: { step: 'get', run: (b) => (booleanFields(b, []), l().getScenario()) },
        PUT: { step: 'scenario', run: (b) => l().putScenario(b), maxBody: MAX_SCENARIO_BODY },
      },
      '/lab/reset': { POST: { step: 'reset', run: (b) => (booleanFields(b, []), l().reset()) } },
      '/faults': {
        GET: { step: 'get', run: (b) => (booleanFields(b, []), l().getFaults()) },
        POST: { step: 'fault', run: (b) => l().faults(b) },
      },
    };
  }

  get state(): ServiceState {
    return this.st;
  }

  async start(): Promise<BoundAddress[]> {
    if (this.st !== 'new') throw new UsageError(`admin: start() in state ${this.st}`);
    this.st = 'starting';
    const host = loopbackFor(this.o.bind);
    const server = createServer({ requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? DEFAULT_ADMIN_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.st = 'running';
    return [{ name: 'admin/http', protocol: 'http', host, port: (server.address() as AddressInfo).port }];
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body, null, 2) + '\n';
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    let step = 'request';
    try {
      if (!isLoopback(req.socket.remoteAddress)) throw new AdminError('FORBIDDEN', 'the admin API answers loopback clients only');
      const byMethod = this.routes[path];
      if (!byMethod) throw new AdminError('NOT_FOUND', `no route ${path}; routes: GET|PUT|DELETE /kerberos-server, POST /kerberos-server/rotate, GET|PUT /scenario, POST /lab/reset, GET|POST /faults`);
      const route = byMethod[method];
      if (!route) {
        res.setHeader('allow', Object.keys(byMethod).join(', '));
        throw new AdminError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path} (allowed: ${Object.keys(byMethod).join(', ')})`);
      }
      step = route.step;
      const body = await readJson(req, route.maxBody);
      const out = await route.run(body);
      if (method === 'GET') this.o.trace?.({ step, verdict: 'ok', fact: path === '/kerberos-server' ? 'read both sides' : `read ${path}`, detail: { method, path, httpStatus: 200 } });
      this.send(res, 200, out);
    } catch (err) {
      if (err instanceof ScenarioErrors) return this.invalid(res, step, method, path, err);
      const e = err instanceof AdminError ? err : new AdminError('INTERNAL', 'the admin API failed unexpectedly (see the lab log)');
      if (!(err instanceof AdminError)) this.log.error(`admin ${method} ${path}: ${(err as Error).message}`);
      this.o.trace?.({ step, verdict: 'error', code: e.code, wire: e.httpStatus, fact: e.message, detail: { method, path, httpStatus: e.httpStatus, ...(e.detail ?? {}) } });
      if (e.code === 'BODY_TOO_LARGE') res.setHeader('connection', 'close');
      this.send(res, e.httpStatus, { error: { code: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) } });
      if (e.code === 'BODY_TOO_LARGE') req.resume();
    }
  }

  /**
   * A scenario the loader refused (PUT /scenario, a switch whose patch does not validate): 400
   * {"error": "SCENARIO_INVALID", "message", "errors": [{path, line, column, message, reason}]},
   * the contract the page's scenario editor reads. The running lab is untouched.
   */
  private invalid(res: ServerResponse, step: string, method: string, path: string, err: ScenarioErrors): void {
    const errors = err.issues.map((i) => ({ path: i.path, line: i.line ?? null, column: i.column ?? null, message: `${i.expected}${i.hint ? ` (hint: ${i.hint})` : ''}`, reason: i.reason }));
    const message = `the scenario does not validate (${errors.length} problem${errors.length === 1 ? '' : 's'}); the running lab is unchanged`;
    this.o.trace?.({ step, verdict: 'error', code: 'SCENARIO_INVALID', wire: 400, fact: `${message}: ${err.issues[0]?.format() ?? ''}`, detail: { method, path, httpStatus: 400, errors } });
    this.send(res, 400, { error: 'SCENARIO_INVALID', message, errors });
  }

  async close(): Promise<void> {
    if (this.st === 'closed') return;
    this.st = 'closing';
    const s = this.server;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    this.st = 'closed';
  }
}
