/**
 * The scenario editor's API on the training page's server (docs/training-page.md, "Scenario editor"):
 *   GET  /api/scenario            the running scenario's text and file name
 *   GET  /api/scenarios           the shipped scenarios (scenarios/*.yaml, scenarios/exercises/*.yaml)
 *   GET  /api/scenarios/NAME      one of them (NAME as the list gives it, e.g. exercises/sid-not-synced.yaml)
 *   GET  /api/scenario/schema     the JSON Schema of scenario files (the shipped scenarios/scenario.schema.json)
 *   POST /api/scenario/validate   {text, name} → {ok, errors:[{path, line, column, message, reason}]},
 *                                 the same loader and world build as `ctlab validate`
 * It reads only; restarting the lab on a text is the admin API's (PUT /api/scenario, forwarded).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkScenarioText } from '../scenario/check-text.ts';
import type { World } from '../world.ts';

/** The editor posts whole scenario files: far more than the switches' 4 KiB, far less than a 100,000-user export. */
export const MAX_SCENARIO_TEXT = 2 * 1024 * 1024;
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export interface ScenarioRoutesDeps {
  /** The running world (a getter: it follows a restart). */
  readonly world: () => World;
  /** The lab's admin API; its GET /scenario, when it has one, is the running text (it follows a restart on edited text). */
  readonly adminUrl: string;
  /** The server's same-origin JSON body reader (answers the error itself and gives undefined). */
  readonly body: (req: IncomingMessage, res: ServerResponse, max: number) => Promise<string | undefined>;
  readonly json: (res: ServerResponse, status: number, body: unknown) => void;
  /** Where the shipped scenarios are (default: the repository's scenarios/). */
  readonly scenariosDir?: string;
}

export interface ShippedScenario {
  readonly name: string;
  readonly description?: string;
}

/** The shipped scenario files: NAME relative to scenarios/, sorted, exercises after the others. */
export function shippedScenarios(dir = SCENARIOS): ShippedScenario[] {
  const out: ShippedScenario[] = [];
  for (const sub of ['', 'exercises/']) {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub)).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const text = readFileSync(join(dir, sub, n), 'utf8');
      const d = /^description:[ \t]*(.+?)[ \t]*$/m.exec(text)?.[1]?.replace(/^(["'])(.*)\1$/, '$2');
      out.push({ name: `${sub}${n}`, ...(d ? { description: d } : {}) });
    }
  }
  return out;
}

export class ScenarioRoutes {
  private readonly d: ScenarioRoutesDeps;
  private readonly dir: string;
  private schema?: Buffer;
  constructor(deps: ScenarioRoutesDeps) {
    this.d = deps;
    this.dir = deps.scenariosDir ?? SCENARIOS;
  }

  /** Answers the request when it is one of the routes above; false otherwise. */
  async handle(method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (method === 'GET' && path === '/api/scenario') return this.current(res).then(() => true);
    if (method === 'GET' && path === '/api/scenarios') return this.done(() => this.d.json(res, 200, { scenarios: shippedScenarios(this.dir) }));
    if (method === 'GET' && path.startsWith('/api/scenarios/')) return this.done(() => this.shipped(res, path.slice('/api/scenarios/'.length)));
    if (method === 'GET' && path === '/api/scenario/schema') return this.done(() => this.sendSchema(res));
    if (method === 'POST' && path === '/api/scenario/validate') return this.validate(req, res).then(() => true);
    return false;
  }

  private done(f: () => void): true {
    f();
    return true;
  }

  /** The admin API's current text when it serves one (after a restart on edited text), else the file the world was loaded from. */
  private async current(res: ServerResponse): Promise<void> {
    try {
      const r = await fetch(`${this.d.adminUrl}/scenario`, { signal: AbortSignal.timeout(3000) });
      if (r.ok) {
        const b = (await r.json()) as Record<string, unknown>;
        // The admin API's whole answer (original, faults); the editor shows the file's base name, `path` keeps the admin API's.
        if (typeof b.text === 'string') return this.d.json(res, 200, { ...b, name: typeof b.name === 'string' ? basename(b.name) : 'scenario.yaml', ...(typeof b.name === 'string' ? { path: b.name } : {}) });
      }
    } catch {
      // no admin API answer: the file below
    }
    const file = this.d.world().scenario.file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return this.d.json(res, 404, { error: 'NO_SCENARIO_TEXT', message: `the running scenario's file ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
    this.d.json(res, 200, { name: basename(file), text });
  }

  private shipped(res: ServerResponse, raw: string): void {
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      name = raw;
    }
    // Only a name the list gives: nothing outside scenarios/ can be asked for.
    if (!shippedScenarios(this.dir).some((s) => s.name === name)) return this.d.json(res, 404, { error: 'NOT_FOUND', message: `no shipped scenario ${name} (GET /api/scenarios lists them)` });
    this.d.json(res, 200, { name, text: readFileSync(join(this.dir, name), 'utf8') });
  }

  private sendSchema(res: ServerResponse): void {
    this.schema ??= readFileSync(join(this.dir, 'scenario.schema.json'));
    res.writeHead(200, { 'content-type': 'application/schema+json; charset=utf-8', 'content-length': this.schema.length, 'cache-control': 'no-cache' });
    res.end(this.schema);
  }

  private async validate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await this.d.body(req, res, MAX_SCENARIO_TEXT);
    if (text === undefined) return;
    let b: unknown;
    try {
      b = JSON.parse(text);
    } catch {
      return this.d.json(res, 400, { error: 'MALFORMED_JSON', message: 'the body is not JSON' });
    }
    const o = (b && typeof b === 'object' ? b : {}) as Record<string, unknown>;
    if (typeof o.text !== 'string') return this.d.json(res, 400, { error: 'BAD_REQUEST', message: 'text: expected the scenario text as a string' });
    if (o.name !== undefined && (typeof o.name !== 'string' || !/^[^/\\\0]{1,200}$/.test(o.name))) {
      return this.d.json(res, 400, { error: 'BAD_REQUEST', message: 'name: expected a file name such as my-lab.yaml' });
    }
    const check = checkScenarioText(o.text, typeof o.name === 'string' ? o.name : 'scenario.yaml');
    this.d.json(res, 200, check.ok ? { ok: true, name: check.name, errors: [] } : { ok: false, errors: check.errors });
  }
}
