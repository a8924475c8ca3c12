// The live sequence diagram: one row per trace envelope, an arrow from the Device lifeline to the
// service that answered, green for ok, red with the wire code and the deciding fact for an error.
import { h } from './dom.js';

export const LIFELINES = [
  { id: 'device', name: 'Device' },
  { id: 'entra', name: 'Entra' },
  { id: 'dns', name: 'DNS' },
  { id: 'dc', name: 'DC (LDAP/CLDAP)' },
  { id: 'kdc', name: 'KDC' },
];
const COLUMN = { device: 1, entra: 2, dns: 3, dc: 4, kdc: 5 };
const LIFELINE_OF = { kdc: 'kdc', kpasswd: 'kdc', ldap: 'dc', cldap: 'dc', dns: 'dns', entra: 'entra', device: 'device' };
/** Errors that are a normal step of a working exchange (the client retries with what was asked for). */
const EXPECTED = new Set(['KDC_ERR_PREAUTH_REQUIRED']);

const shortPrincipal = (p) => (typeof p === 'string' ? p.replace(/@[^@]+$/, '') : '');

/** What the message was about, in a few words. */
export function subjectOf(e) {
  const d = e.detail ?? {};
  switch (e.service) {
    case 'kdc':
    case 'kpasswd':
      return [shortPrincipal(e.client), shortPrincipal(e.server)].filter(Boolean).join(' → ');
    case 'dns':
      return `${d.name ?? e.name ?? ''} ${d.type ?? e.type ?? ''}`.trim();
    case 'ldap':
      return d.filter ?? e.filter ?? (e.dn ? `dn ${e.dn}` : '');
    case 'cldap':
      return d.user ? `ping for ${d.user}` : (d.filter ?? e.filter ?? 'LDAP ping');
    case 'entra':
      return d.upn ?? d.path ?? '';
    default:
      return '';
  }
}

/**
 * The device's own sign-in steps (clients/device/types.ts SIGNIN_STEPS) are drawn as notes; its
 * client-side view of each wire exchange (TGS, dns-srv, the LDAP ping) is not, since the service
 * that answered draws that message already.
 */
const DEVICE_STEPS = new Set(['register', 'nonce', 'prt', 'partialTgt', 'locateDc', 'fullTgt', 'keyList', 'serviceTicket', 'asReq']);
export const isDrawn = (e) => e.service !== 'device' || DEVICE_STEPS.has(e.step);

/** True for `ctlab health` probes (they carry the name ctlab-health), left out of the diagram. */
export const isHealthProbe = (e) => JSON.stringify(e).includes('ctlab-health');

export function renderLifelines(el) {
  el.replaceChildren(...LIFELINES.map((l, i) => h('div', { style: `left: var(--c${i + 1})`, 'data-lifeline': l.id }, l.name)));
}

/** One <li> for one event; `index` is its position in the page's event list. */
export function arrowFor(e, index) {
  const target = LIFELINE_OF[e.service];
  const verdict = e.verdict === 'error' ? (EXPECTED.has(e.code) ? 'expected' : 'error') : e.verdict === 'ok' ? 'ok' : 'info';
  const code = e.code && e.code !== 'success' && e.code !== 'NOERROR' ? e.code : '';
  const label = [`${e.service.toUpperCase()} ${e.step ?? ''}`.trim(), subjectOf(e)].filter(Boolean).join(': ');
  const verdictText = verdict === 'ok' ? 'ok' : verdict === 'expected' ? `${code} (expected, retried)` : verdict === 'error' ? code || 'error' : code || 'info';
  const common = { class: `msg ${verdict}`, type: 'button', 'data-index': index, 'data-service': e.service, 'data-step': e.step ?? '', 'data-verdict': e.verdict, 'data-code': e.code ?? '', 'aria-pressed': 'false' };
  if (!target || target === 'device') {
    // The admin API and the device's own steps: a note across the diagram, not a message.
    return h('li', {}, h('button', { ...common, class: `msg note ${verdict} ${target === 'device' ? 'device' : 'admin'}`, 'aria-label': `${label}, ${verdictText}. ${e.fact ?? ''}` },
      h('span', { class: 'label' }, h('span', { class: 'verdict' }, verdictText), ' ', label, e.fact ? ` · ${e.fact}` : '')));
  }
  const to = COLUMN[target];
  return h('li', {}, h('button', { ...common, 'aria-label': `Device to ${target}: ${label}, ${verdictText}. ${e.fact ?? ''}` },
    h('span', { class: 'line', style: `left: var(--c1); width: calc(var(--c${to}) - var(--c1))` }),
    h('span', { class: 'label', style: `left: calc(var(--c1) + .6rem)` }, h('span', { class: 'verdict' }, verdictText), ' ', label),
    verdict === 'error' && e.fact ? h('span', { class: 'fact' }, e.fact) : ''));
}

/** Every kvno-like number above 16 bits, split as an RODC's ticket kvno is: RODC number << 16 | key version. */
function kvnoSplits(e, path = '', out = []) {
  for (const [k, v] of Object.entries(e ?? {})) {
    if (typeof v === 'number' && /kvno/i.test(k) && v > 0xffff) out.push([`${path}${k}`, `${v} = RODC number ${v >>> 16} · key version ${v & 0xffff}`]);
    else if (v && typeof v === 'object' && !Array.isArray(v)) kvnoSplits(v, `${path}${k}.`, out);
  }
  return out;
}

/** JSON with short arrays of numbers on one line (etype lists). */
const pretty = (e) => JSON.stringify(e, null, 2).replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_m, inner) => `[${inner.split(/,\s*/).join(', ')}]`);

/** The detail panel for one event: verdict, fact, kvno splits, then every field as the service sent it. */
export function renderDetail(el, e) {
  const verdict = e.verdict === 'error' ? 'error' : 'ok';
  const splits = kvnoSplits(e);
  el.replaceChildren(
    h('p', { class: `verdict-line ${verdict}` }, `${e.service.toUpperCase()} ${e.step}: ${e.verdict}${e.code ? ` · ${e.code}` : ''}${e.wire !== undefined ? ` (${e.wire})` : ''}`),
    e.fact ? h('p', { class: 'fact-line' }, e.fact) : '',
    h('p', {}, e.t ? new Date(e.t).toISOString() : ''),
    splits.length ? h('table', { class: 'kvno' }, h('tbody', {}, splits.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))) : '',
    h('pre', { id: 'detail-json' }, pretty(e)),
  );
}
