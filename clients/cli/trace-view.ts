/**
 * The trace as people read it while `ctlab up` runs: one line per event, time (UTC) first, then
 * the service, what was asked and the verdict with its wire code and the fact that decided it.
 * The JSON lines (`ctlab up --trace FILE|-`) stay the machine-readable form; this is a view of
 * the same events and adds nothing to them. Events never carry passwords or keys, so neither
 * does a line.
 *
 *   15:47:23.066 kdc   AS  alice@FABRIKAM.LOCAL -> krbtgt/FABRIKAM.LOCAL@FABRIKAM.LOCAL  KDC_ERR_PREAUTH_FAILED (24): PA-ENC-TIMESTAMP does not decrypt ...
 *   15:47:23.275 dns   udp SRV _ldap._tcp.dc._msdcs.fabrikam.local  NOERROR, 1 answer
 *   15:47:23.377 ldap  #2 bind alice@contoso.com  invalidCredentials (49), data 52e
 *   15:47:23.401 cldap ping fabrikam.local  answered (ex, opcode 23), flags 0x0003f3fd
 *   15:51:14.827 kpasswd alice@FABRIKAM.LOCAL -> kadmin/changepw@FABRIKAM.LOCAL  KRB5_KPASSWD_HARDERROR (2): ...
 *   15:52:02.113 entra prt POST /common/oauth2/token  AADSTS50126 (50126, HTTP 400): the password given for ...
 *
 *   15:52:02.310 admin rotate  ok: rotated krbtgt_AzureAD's key, cloud only: CloudKeyVersion 2 -> 3
 *
 * One renderer per service, keyed by the event's `service`; a service without its own renderer
 * (admin, and services added later) is printed from the trace envelope (step, verdict, code, wire,
 * fact: trace/envelope.ts), and an event without one as its fields.
 */
import { LDAP_RESULT } from '../../emulator/ldap/codec/result-codes.ts';
import type { TraceEvent } from '../../emulator/trace/trace.ts';

/** Enctype names as RFC 3962 and RFC 4757 spell them. */
const ETYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [17, 'aes128-cts-hmac-sha1-96'],
  [18, 'aes256-cts-hmac-sha1-96'],
  [23, 'rc4-hmac'],
]);

/** LDAP result names keyed by wire value (RFC 4511 4.1.9). */
const LDAP_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(LDAP_RESULT).map(([name, code]) => [code, name]));

/** LDAP scope names keyed by wire value (RFC 4511 4.5.1.2). */
const SCOPES = ['base', 'one', 'sub'] as const;

type Fields = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function etypeName(etype: number): string {
  return ETYPE_NAMES.get(etype) ?? `etype ${etype}`;
}

function kdcLine(e: Fields): string {
  const exchange = str(e.exchange) ?? '?';
  if (exchange === 'transport') {
    const head = `transport ${str(e.transport) ?? '?'}${e.peer ? ` from ${str(e.peer)}` : ''}`;
    return `${head}  ${str(e.code) ?? 'error'} (${num(e.wire) ?? '?'})`;
  }
  const who = `${exchange.padEnd(3)} ${str(e.client) ?? '(no client)'} -> ${str(e.server) ?? '(no server)'}`;
  const fact = str(e.fact);
  if (e.verdict === 'ok') {
    const etype = num(e.ticketEtype);
    return `${who}  ok${etype !== undefined ? `, ${etypeName(etype)}` : ''}${fact ? `: ${fact}` : ''}`;
  }
  return `${who}  ${str(e.code) ?? 'error'} (${num(e.wire) ?? '?'})${fact ? `: ${fact}` : ''}`;
}

function kpasswdLine(e: Fields): string {
  const who = `${str(e.client) ?? '(ticket not opened)'} -> ${str(e.server) ?? '?'}`;
  return `${who}  ${str(e.code) ?? 'error'} (${num(e.wire) ?? '?'})${e.fact ? `: ${str(e.fact)}` : ''}`;
}

function dnsLine(e: Fields): string {
  const t = str(e.transport) ?? '?';
  if (e.kind === 'malformed') return `${t} malformed query${e.peer ? ` from ${str(e.peer)}` : ''}  ${str(e.rcode) ?? 'no reply'}`;
  if (e.kind === 'ignored') return `${t} a response, not a query  ignored`;
  const q = `${t} ${str(e.type) ?? '?'} ${str(e.name) ?? '?'}`;
  const rcode = str(e.rcode);
  const fault = str(e.fault);
  if (rcode === undefined) return `${q}  no reply${fault ? ` (fault ${fault})` : ''}`;
  const parts = [rcode];
  if (rcode === 'NOERROR') parts.push(count(num(e.answers) ?? 0, 'answer'));
  if (e.truncated === true) parts.push('truncated (TC)');
  if (fault) parts.push(`fault ${fault}${num(e.delayMs) ? ` ${num(e.delayMs)} ms` : ''}`);
  return `${q}  ${parts.join(', ')}`;
}

function ldapLine(e: Fields): string {
  const code = num(e.resultCode) ?? -1;
  const verdict = `${LDAP_NAMES.get(code) ?? 'resultCode'} (${code})${e.bindData ? `, data ${str(e.bindData)}` : ''}`;
  const conn = `${e.listener === 'gc' ? 'gc' : ''}#${num(e.connection) ?? '?'}`;
  const op = str(e.op) ?? '?';
  const dn = str(e.dn) ?? '';
  if (op === 'bindRequest') return `${conn} bind ${dn || '(anonymous)'}  ${verdict}`;
  if (op === 'searchRequest') {
    const scope = SCOPES[num(e.scope) ?? -1] ?? '?';
    return `${conn} search "${dn}" ${scope} ${str(e.filter) ?? ''}  ${verdict}, ${count(num(e.entries) ?? 0, 'entry', 'entries')}`;
  }
  if (op === 'unbindRequest') return `${conn} unbind`;
  return `${conn} ${op.replace(/Request$/, '')}${dn ? ` ${dn}` : ''}  ${verdict}`;
}

function cldapLine(e: Fields): string {
  const kind = str(e.kind) ?? '?';
  if (kind === 'malformed') return `malformed datagram${e.peer ? ` from ${str(e.peer)}` : ''}  dropped`;
  if (kind === 'ping') {
    const q = `ping ${str(e.dnsDomain) ?? '(no domain)'}${e.user ? ` user ${str(e.user)}` : ''}`;
    if (e.answered !== true) return `${q}  not answered: ${str(e.reason) ?? '?'}`;
    const flags = num(e.flags);
    return `${q}  answered (${str(e.form) ?? '?'}, opcode ${num(e.opcode) ?? '?'})${flags !== undefined ? `, flags 0x${(flags >>> 0).toString(16).padStart(8, '0')}` : ''}`;
  }
  const code = num(e.resultCode);
  return `${kind}${code !== undefined ? `  ${LDAP_NAMES.get(code) ?? 'resultCode'} (${code})` : ''}`;
}

/** The envelope alone: `step  ok: fact` or `step  CODE (wire): fact`. */
function envelopeLine(e: Fields): string {
  const code = str(e.code);
  const wire = num(e.wire);
  const verdict = e.verdict === 'ok' ? 'ok' : `${code ?? str(e.verdict) ?? '?'}${wire !== undefined ? ` (${wire})` : ''}`;
  const fact = str(e.fact);
  return `${str(e.step)}  ${verdict}${fact ? `: ${fact}` : ''}`;
}

/** The token endpoint (TraceEnvelope: step, verdict, AADSTS code name and number, fact). */
function entraLine(e: Fields): string {
  const d = (e.detail ?? {}) as Fields;
  const head = `${str(e.step) ?? '?'} ${str(d.method) ?? ''} ${str(d.path) ?? ''}`.replace(/\s+/g, ' ').trim();
  const fact = str(e.fact);
  if (e.verdict === 'ok') return `${head}  ok${fact ? `: ${fact}` : ''}`;
  return `${head}  ${str(e.code) ?? 'error'} (${num(e.wire) ?? '?'}, HTTP ${num(d.httpStatus) ?? '?'})${fact ? `: ${fact}` : ''}`;
}

function otherLine(e: Fields): string {
  if (typeof e.step === 'string' && typeof e.verdict === 'string') return envelopeLine(e);
  return Object.entries(e)
    .filter(([k]) => k !== 'service' && k !== 't')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** Renderers keyed by the event's `service`. */
const RENDERERS: ReadonlyMap<string, (e: Fields) => string> = new Map([
  ['kdc', kdcLine],
  ['kpasswd', kpasswdLine],
  ['dns', dnsLine],
  ['ldap', ldapLine],
  ['cldap', cldapLine],
  ['entra', entraLine],
]);

/** `HH:MM:SS.mmm` (UTC) of an event time, or blanks when the event has none. */
function clock(t: unknown): string {
  return typeof t === 'number' && Number.isFinite(t) ? new Date(t).toISOString().slice(11, 23) : ' '.repeat(12);
}

/** One line for one trace event (no newline). */
export function renderTraceEvent(e: TraceEvent): string {
  const render = RENDERERS.get(e.service) ?? otherLine;
  return `${clock(e.t)} ${e.service.padEnd(5)} ${render(e as Fields)}`;
}
