/**
 * `ctlab lab status|reset|scenario|fault`: the running lab's scenario, its restart in place and the
 * "break it live" switches, through the admin API (docs/lab-admin.md) as `ctlab kerberos-server`
 * talks to it. Exit 0 done, 1 the lab refused (a scenario that does not validate: every problem
 * as FILE:LINE:COLUMN: PATH: MESSAGE) or is not running, 2 bad usage (naming the argument).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../../../emulator/core/errors.ts';
import { parseVerbArgs } from '../args.ts';
import { adminUrlOf } from '../admin-client.ts';
import { faultBody, FAULT_USAGE } from '../lab-switch-args.ts';

export const LAB_USAGE = `usage: ctlab lab status [--json] [--lab FILE]
       ctlab lab reset [--json] [--lab FILE]
       ctlab lab scenario FILE [--json] [--lab FILE]
       ctlab lab fault SWITCH ARGS... [--json] [--lab FILE]
  status    the running scenario (name, original or changed) and the switches' state
  reset     restart on the scenario 'ctlab up' was started with (rotations and switches are gone)
  scenario  validate FILE as 'ctlab validate' does and restart the lab on it (same ports)
  fault     one switch, applied as a patch of the running scenario and a restart:
${FAULT_USAGE}
  Negative seconds after --, the options before it: ctlab lab fault --lab FILE clockSkew kdc -- -600.
  --lab FILE is the running lab's ready file (default .ctlab/lab.json).`;

type Answer = { status: number; json: Record<string, any> };

async function call(url: string, labFile: string, method: string, path: string, body?: unknown): Promise<Answer | undefined> {
  let res: Response;
  try {
    res = await fetch(`${url}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    process.stderr.write(`ctlab lab: the lab in ${labFile} does not answer at ${url} (${cause}): is it running? start it with 'ctlab up'\n`);
    return undefined;
  }
  try {
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  } catch {
    process.stderr.write(`ctlab lab: ${url}${path} answered HTTP ${res.status} without JSON: is ${url} the lab's admin API (${labFile})?\n`);
    return undefined;
  }
}

/** A refusal on stderr: the loader's problems one per line, else the admin error. */
function refused(action: string, a: Answer, file: string): number {
  if (a.json.error === 'SCENARIO_INVALID') {
    process.stderr.write(`ctlab lab ${action}: ${a.json.message}\n`);
    for (const e of a.json.errors as { path: string; line: number | null; column: number | null; message: string }[]) {
      process.stderr.write(`${file}${e.line !== null ? `:${e.line}${e.column !== null ? `:${e.column}` : ''}` : ''}: ${e.path || '(root)'}: ${e.message}\n`);
    }
    return 1;
  }
  const e = a.json.error as { code?: string; message?: string } | undefined;
  process.stderr.write(`ctlab lab ${action}: ${e?.code ?? `HTTP ${a.status}`}: ${e?.message ?? ''}\n`);
  return 1;
}

function printStatus(s: Record<string, any>): void {
  const f = s.faults;
  const lines = [
    `scenario       ${s.name}${s.original ? ' (as started)' : ' (changed since start: ctlab lab reset)'}`,
    `neverReveal    ${f.neverReveal === null ? '(no AzureADKerberos)' : f.neverReveal.join(', ')}`,
    `dns            ${f.dns.length ? f.dns.map((d: Record<string, unknown>) => `${d.action} ${d.name} ${d.type}${d.delayMs ? ` ${d.delayMs} ms` : ''}`).join('; ') : 'no faults'}`,
    `clockSkew      kdc ${f.clockSkew.kdc} s, cloud ${f.clockSkew.cloud} s`,
    `down           ${f.down.length ? f.down.join(', ') : 'none'}`,
    `dcLocatorHint  ${f.dcLocatorHint}`,
    `kerberosDomain ${f.kerberosDomain}`,
    `DCs down      ${f.downDcs.length ? f.downDcs.join(', ') : 'none'} (the serving DC ${f.servingDc}: see down)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export async function labVerb(args: string[]): Promise<number> {
  // A negative number after `--` (or alone) is a value, not a flag.
  const parsed = parseVerbArgs(args, { lab: { type: 'string' }, json: { type: 'boolean' } }, LAB_USAGE, true);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (!action) throw new UsageError(`expected an action (status, reset, scenario or fault)\n${LAB_USAGE}`);
  let method: string;
  let path: string;
  let body: unknown;
  let file = '';
  switch (action) {
    case 'status':
    case 'reset':
      if (rest.length) throw new UsageError(`${action} takes no arguments, got '${rest[0]}'\n${LAB_USAGE}`);
      [method, path] = action === 'status' ? ['GET', '/scenario'] : ['POST', '/lab/reset'];
      break;
    case 'scenario': {
      if (rest.length !== 1) throw new UsageError(`scenario: expected one FILE${rest.length ? `, got ${rest.length}` : ''}\n${LAB_USAGE}`);
      file = rest[0];
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`scenario FILE: cannot read '${file}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      [method, path, body] = ['PUT', '/scenario', { text, name: basename(file).replace(/[^\w.@+-]/g, '_').slice(0, 128) || 'scenario.yaml' }];
      break;
    }
    case 'fault':
      try {
        body = faultBody(rest);
      } catch (err) {
        if (err instanceof UsageError) throw new UsageError(`${err.message}\n${LAB_USAGE}`);
        throw err;
      }
      [method, path] = ['POST', '/faults'];
      break;
    default:
      throw new UsageError(`unknown action '${action}': expected status, reset, scenario or fault\n${LAB_USAGE}`);
  }
  const { url, labFile } = adminUrlOf(values.lab);
  const a = await call(url, labFile, method, path, body);
  if (!a) return 1;
  if (a.status !== 200) return refused(action, a, file || 'scenario');
  if (values.json) process.stdout.write(JSON.stringify(a.json, null, 2) + '\n');
  else if (action === 'status') printStatus(a.json);
  else process.stdout.write(`restarted on ${a.json.name} in ${a.json.ms} ms${a.json.applied ? `: ${a.json.applied}` : ''}\n`);
  return 0;
}
