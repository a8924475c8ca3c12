/**
 * The training page's server (docs/training-page.md): static assets from ./public (no CDN), the
 * world as JSON, the trace as server-sent events, and the Kerberos server admin switches, which it
 * forwards over HTTP to the lab's admin API exactly as `ctlab kerberos-server` does. It only reads
 * the world and the trace; every change goes through the admin API. Loopback only. The scenario
 * editor's API is scenario-routes.ts and its browser libraries (CodeMirror, from node_modules) vendor.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoundAddress, Service, ServiceState } from '../core/service.ts';
import { UsageError } from '../core/errors.ts';
import { loopbackFor, MAX_SCENARIO_BODY } from '../admin/index.ts';
import type { LabStores } from '../stores/lab-stores.ts';
import type { DerivedKeyStore } from '../kerberos/keys/derived-keys.ts';
import { DecodedView } from './decode/route.ts';
import type { Trace } from '../trace/trace.ts';
import type { World } from '../world.ts';
import { TraceStream } from './events.ts';
import { worldView } from './world-view.ts';
import { ExerciseState } from './exercise.ts';
import { ScenarioRoutes } from './scenario-routes.ts';
import { VendorFiles } from './vendor.ts';

export const UI_PORT_ENV = 'CTLAB_UI_PORT';
export const DEFAULT_UI_PORT = 10090;
const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const MAX_BODY = 4096;

/** The admin API routes the page may call: its path → the admin API's method and path. */
const ADMIN_ROUTES: Record<string, { method: string; path: string; maxBody?: number; timeoutMs?: number }> = {
  'POST /api/kerberos-server/rotate': { method: 'POST', path: '/kerberos-server/rotate' },
  'PUT /api/kerberos-server': { method: 'PUT', path: '/kerberos-server' },
  'DELETE /api/kerberos-server': { method: 'DELETE', path: '/kerberos-server' },
  // The scenario, the restart, the reset and the fault switches (docs/lab-admin.md).
  // A restart builds the new world first: seconds for a generated scenario of many users.
  'PUT /api/scenario': { method: 'PUT', path: '/scenario', maxBody: MAX_SCENARIO_BODY, timeoutMs: 120_000 },
  'POST /api/lab/reset': { method: 'POST', path: '/lab/reset', timeoutMs: 120_000 },
  'GET /api/faults': { method: 'GET', path: '/faults' },
  'POST /api/faults': { method: 'POST', path: '/faults', timeoutMs: 120_000 },
};

/** What the page's Sign in button sends (an empty password: the scenario's). */
export interface UiSignInRequest {
  readonly upn: string;
  readonly password?: string;
  readonly hello?: boolean;
}
/** What it gets back: the device's steps and the tickets as klist shows them (never keys or the ccache). */
export interface UiSignInAnswer {
  readonly ok: boolean;
  readonly steps: readonly unknown[];
  readonly tickets: readonly unknown[];
  readonly failure?: unknown;
  /** The scenario settings behind a failure (clients/diagnosis), as `ctlab signin` prints them; left out while an exercise is unsolved. */
  readonly settings?: readonly { readonly setting: string; readonly value: unknown; readonly why: string }[];
}
/** The admin tools the page runs (clients/cli/ui-tools.ts): their text as the CLI prints it. */
export type UiToolName = 'klist' | 'dsregcmd' | 'nltest' | 'kerberos-server';
export interface UiToolAnswer {
  readonly exit: number;
  readonly text: string;
}
export type UiTool = (name: UiToolName, args: { readonly domain?: string }) => Promise<UiToolAnswer>;
const TOOL_NAMES: readonly UiToolName[] = ['klist', 'dsregcmd', 'nltest', 'kerberos-server'];

/** The device sign-in, given by the caller (clients/cli/ui-signin.ts): the emulator does not import clients. */
export type UiSignIn = (req: UiSignInRequest) => Promise<UiSignInAnswer>;

export interface UiServerOptions {
  readonly world: World;
  readonly stores: LabStores;
  /** The running world and stores when they change (a lab that restarts): read at every request instead of the two above. */
  readonly current?: () => { readonly world: World; readonly stores: LabStores };
  readonly trace: Trace;
  /** The lab's admin API (http://127.0.0.1:PORT). */
  readonly adminUrl: string;
  readonly bind?: string;
  /** Listen on this address instead of loopback (`ctlab up --ui-bind`, for a container's published port). */
  readonly listenOn?: string;
  /** Default 10090; 0 = any free port. */
  readonly port?: number;
  /** The Tools buttons (klist, dsregcmd, nltest, Get-AzureADKerberosServer); without them they answer 501. */
  readonly tools?: UiTool;
  /** The Sign in button's device; without it the button answers 501. */
  readonly signIn?: UiSignIn;
  /** The decoded view shows secrets (keys, NT hashes, tokens) unmasked: `ctlab up --ui-show-secrets`. */
  readonly showSecrets?: boolean;
  /** The lab's derived-key store (its key cache), so the decoded view derives no key twice. */
  readonly keyStore?: DerivedKeyStore;
}

interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** The public folder read once: name → content (only these names are served). */
function loadAssets(): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const name of readdirSync(PUBLIC)) {
    const type = TYPES[extname(name)];
    if (type) out.set(name, { type: `${type}; charset=utf-8`, body: readFileSync(join(PUBLIC, name)) });
  }
  return out;
}

export class UiServer implements Service {
  readonly name = 'ui';
  private st: ServiceState = 'new';
  private server?: Server;
  private stream?: TraceStream;
  /** The decoded view (decode/route.ts): its ring of captures and GET /api/events/:id/decoded. */
  private decoded?: DecodedView;
  private readonly assets = loadAssets();
  private readonly o: UiServerOptions;
  private ex: { key: string; state: ExerciseState };
  private readonly vendor = new VendorFiles();
  private readonly scenarioRoutes: ScenarioRoutes;
  constructor(o: UiServerOptions) {
    this.o = o;
    this.ex = { key: JSON.stringify(o.world.scenario.exercise ?? null), state: new ExerciseState(o.world.scenario) };
    this.scenarioRoutes = new ScenarioRoutes({ world: () => this.now().world, adminUrl: o.adminUrl, body: (req, res, max) => this.body(req, res, max), json: (res, s, b) => this.json(res, s, b) });
  }

  /** The world and stores now (after a restart, the new ones). */
  private now(): { readonly world: World; readonly stores: LabStores } {
    return this.o.current?.() ?? this.o;
  }

  /** The running scenario's exercise: a new one after a restart on a scenario with another exercise (a fault switch keeps it). */
  private get exercise(): ExerciseState {
    const scenario = this.now().world.scenario;
    const key = JSON.stringify(scenario.exercise ?? null);
    if (this.ex.key !== key) this.ex = { key, state: new ExerciseState(scenario) };
    return this.ex.state;
  }

  get state(): ServiceState {
    return this.st;
  }

  async start(): Promise<BoundAddress[]> {
    if (this.st !== 'new') throw new UsageError(`ui: start() in state ${this.st}`);
    this.st = 'starting';
    const host = this.o.listenOn ?? loopbackFor(this.o.bind);
    // The services attach their messages' bytes to trace events only while a page server captures them.
    const o = this.o;
    this.decoded = new DecodedView({ stores: () => this.now().stores, showSecrets: o.showSecrets === true, ...(o.keyStore ? { keyStore: o.keyStore } : {}) });
    o.trace.setCapture(true);
    this.stream = new TraceStream(o.trace, undefined, this.decoded.observe);
    const server = createServer({ requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? DEFAULT_UI_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.st = 'running';
    return [{ name: 'ui/http', protocol: 'http', host, port: (server.address() as AddressInfo).port }];
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body) + '\n';
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://ui').pathname;
    try {
      if (method === 'GET' && (path === '/' || path === '/index.html')) return this.asset(res, 'index.html');
      if (method === 'GET' && path.startsWith('/assets/')) return this.asset(res, path.slice('/assets/'.length));
      if (method === 'GET' && path.startsWith('/vendor/') && this.vendor.serve(req, res, path.slice('/vendor/'.length))) return;
      if (await this.scenarioRoutes.handle(method, path, req, res)) return;
      if (method === 'GET' && path === '/api/world') return this.json(res, 200, this.world());
      if (method === 'GET' && path === '/api/exercise') {
        // No exercise is a normal state (200 with null), not an error the browser would log.
        return this.json(res, 200, { exercise: this.exercise.view() ?? null });
      }
      if (method === 'POST' && path === '/api/exercise/answer') return await this.answer(req, res);
      if (method === 'GET' && path === '/api/events') return this.stream!.attach(res, Number(req.headers['last-event-id'] ?? 0) || 0);
      if (method === 'POST' && path === '/api/signin') return await this.signIn(req, res);
      if (method === 'POST' && path.startsWith('/api/tools/')) return await this.tool(req, res, path.slice('/api/tools/'.length));
      const decoded = this.decoded?.answer(method, path);
      if (decoded) return this.json(res, decoded.status, decoded.body);
      const route = ADMIN_ROUTES[`${method} ${path}`];
      if (route) return await this.forward(req, res, route);
      this.json(res, 404, { error: 'NOT_FOUND', message: `${method} ${path}: no such page or API` });
    } catch (err) {
      this.json(res, 500, { error: 'INTERNAL', message: (err as Error).message });
    }
  }

  /** The world view; while an exercise is open, without the disagreements (they are the answer). */
  private world() {
    const { world, stores } = this.now();
    const w = worldView(world, stores);
    if (!this.exercise.hiding) return { ...w, findingsHidden: false };
    return { ...w, findings: [], users: w.users.map((u) => ({ ...u, mismatched: [] })), findingsHidden: true };
  }

  /** A submitted diagnosis: {diagnosis: id} → right or wrong (the explanation once right). */
  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await this.body(req, res);
    if (text === undefined) return;
    if (!this.exercise.present) return this.json(res, 404, { error: 'NO_EXERCISE', message: 'the scenario declares no exercise' });
    let b: unknown;
    try {
      b = JSON.parse(text);
    } catch {
      return this.json(res, 400, { error: 'MALFORMED_JSON', message: 'the body is not JSON' });
    }
    const d = b && typeof b === 'object' ? (b as Record<string, unknown>).diagnosis : undefined;
    const verdict = typeof d === 'string' ? this.exercise.submit(d) : undefined;
    if (!verdict) return this.json(res, 400, { error: 'BAD_REQUEST', message: 'diagnosis: expected one of the ids GET /api/exercise lists' });
    this.json(res, 200, verdict);
  }

  private asset(res: ServerResponse, name: string): void {
    const a = this.assets.get(name);
    if (!a) return this.json(res, 404, { error: 'NOT_FOUND', message: `no asset ${name}` });
    res.writeHead(200, { 'content-type': a.type, 'content-length': a.body.length, 'cache-control': 'no-cache' });
    res.end(a.body);
  }

  /**
   * A switch: the body (at most 4 KiB of JSON) goes to the admin API unchanged and its answer comes
   * back unchanged. Only same-origin JSON requests (a page elsewhere cannot flip the lab's keys).
   */
  private async forward(req: IncomingMessage, res: ServerResponse, route: { method: string; path: string; maxBody?: number; timeoutMs?: number }): Promise<void> {
    // A GET has no body (and the browser sends it without a content type).
    const body = route.method === 'GET' ? '' : await this.body(req, res, route.maxBody);
    if (body === undefined) return;
    let r: Response;
    try {
      r = await fetch(`${this.o.adminUrl}${route.path}`, {
        method: route.method,
        headers: { 'content-type': 'application/json' },
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(route.timeoutMs ?? 10_000),
      });
    } catch (err) {
      return this.json(res, 502, { error: 'ADMIN_UNREACHABLE', message: `the admin API at ${this.o.adminUrl} did not answer: ${(err as Error).message}` });
    }
    const text = await r.text();
    res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  }

  /**
   * A same-origin JSON body of at most 4 KiB (`max`: the scenario editor's texts) (a page elsewhere cannot flip the lab's keys or sign
   * in), or undefined after answering the error.
   */
  private async body(req: IncomingMessage, res: ServerResponse, max = MAX_BODY): Promise<string | undefined> {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      this.json(res, 415, { error: 'UNSUPPORTED_MEDIA_TYPE', message: 'the page sends application/json' });
      return undefined;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) {
      this.json(res, 403, { error: 'FORBIDDEN', message: `origin ${origin} is not this page` });
      return undefined;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > max) {
        this.json(res, 413, { error: 'BODY_TOO_LARGE', message: `over ${max} bytes` });
        return undefined;
      }
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The Sign in button: {upn, password?, hello?} to the device, its steps back. */
  private async signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await this.body(req, res);
    if (text === undefined) return;
    if (!this.o.signIn) return this.json(res, 501, { error: 'NOT_IMPLEMENTED', message: 'this lab was started without the device sign-in' });
    let b: Record<string, unknown>;
    try {
      b = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return this.json(res, 400, { error: 'MALFORMED_JSON', message: 'the body is not JSON' });
    }
    if (!b || typeof b !== 'object' || typeof b.upn !== 'string' || !b.upn.includes('@')) return this.json(res, 400, { error: 'BAD_REQUEST', message: 'upn: expected a user principal name' });
    if (b.password !== undefined && typeof b.password !== 'string') return this.json(res, 400, { error: 'BAD_REQUEST', message: 'password: expected a string' });
    if (b.hello !== undefined && typeof b.hello !== 'boolean') return this.json(res, 400, { error: 'BAD_REQUEST', message: 'hello: expected true or false' });
    const full = await this.o.signIn({ upn: b.upn, ...(typeof b.password === 'string' ? { password: b.password } : {}), ...(b.hello === true ? { hello: true } : {}) });
    // The settings behind a failure are the exercise's answer: not before the trainee found it.
    const { settings, ...rest } = full;
    const answer = settings && !this.exercise.hiding ? full : rest;
    const out = JSON.stringify(answer, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(out);
  }

  /** A Tools button: POST /api/tools/NAME {domain?} → {exit, text}, the CLI's text. */
  private async tool(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const text = await this.body(req, res);
    if (text === undefined) return;
    if (!(TOOL_NAMES as readonly string[]).includes(name)) return this.json(res, 404, { error: 'NOT_FOUND', message: `no tool ${name}: one of ${TOOL_NAMES.join(', ')}` });
    if (!this.o.tools) return this.json(res, 501, { error: 'NOT_IMPLEMENTED', message: 'this lab was started without the page tools' });
    let b: unknown;
    try {
      b = text ? JSON.parse(text) : {};
    } catch {
      return this.json(res, 400, { error: 'MALFORMED_JSON', message: 'the body is not JSON' });
    }
    const domain = b && typeof b === 'object' ? (b as Record<string, unknown>).domain : undefined;
    if (domain !== undefined && typeof domain !== 'string') return this.json(res, 400, { error: 'BAD_REQUEST', message: 'domain: expected a DNS domain name' });
    this.json(res, 200, await this.o.tools(name as UiToolName, domain ? { domain } : {}));
  }

  async close(): Promise<void> {
    if (this.st === 'closed' || this.st === 'new') return void (this.st = 'closed');
    this.st = 'closing';
    this.stream?.close();
    this.o.trace.setCapture(false);
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
    this.st = 'closed';
  }
}
