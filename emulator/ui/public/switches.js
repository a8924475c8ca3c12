// The "Break it" panel: the scenario switches behind the documented failures (docs/lab-admin.md),
// each a POST /api/faults that the lab applies by restarting on the patched scenario, and Reset
// (POST /api/lab/reset). The page's own code re-reads the world on every admin event; this panel
// re-reads the switches' state whenever it does (body[data-world-loaded] changes).
import { h } from './dom.js';

const $ = (id) => document.getElementById(id);

/** The DC-locator SRV names of a domain (MS-ADTS 6.3.6), the ones worth dropping. */
const srvNames = (d) => [`_kerberos._tcp.dc._msdcs.${d}`, `_ldap._tcp.dc._msdcs.${d}`, `_kerberos._tcp.${d}`, `_ldap._tcp.${d}`, `_kpasswd._udp.${d}`];
const SERVICES = ['kdc', 'ldap', 'cldap', 'dns', 'kpasswd', 'gc', 'entra'];

function result(text, cls) {
  const r = $('switch-result');
  r.className = cls;
  r.textContent = text;
}

/** POSTs a switch (or the reset) and says what happened; the world re-reads itself on the admin event. */
async function send(path, body, what) {
  result(`${what}: restarting the lab…`, '');
  const panel = $('break-it');
  panel.dataset.busy = 'true';
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    const b = await res.json().catch(() => ({}));
    if (!res.ok) {
      const detail = b.error === 'SCENARIO_INVALID' ? b.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : (b.error?.message ?? b.message ?? '');
      return result(`${what}: ${b.error?.code ?? b.error ?? res.status}: ${detail}`, 'error');
    }
    result(`${what}: ${b.applied ?? `back to ${b.name}`} (lab restarted in ${b.ms} ms; rotated keys are gone).`, 'ok');
    await refresh();
    // Counted once the state line shows the change (tests wait for it).
    panel.dataset.changes = String(Number(panel.dataset.changes ?? 0) + 1);
  } finally {
    delete panel.dataset.busy;
  }
}

/** One line per switch that is on, read from GET /api/faults. */
async function refresh() {
  const res = await fetch('/api/faults', { cache: 'no-store' });
  if (!res.ok) return void ($('fault-state').textContent = res.status === 404 ? 'This lab cannot restart (no scenario text).' : `GET /api/faults: HTTP ${res.status}`);
  const { faults: f, original } = await res.json();
  const on = [];
  if (f.neverRevealAdded.length) on.push(h('span', { class: 'tag no', 'data-fault': 'never-reveal' }, `NeverReveal: ${f.neverRevealAdded.join(', ')}`));
  if (f.dns.length) on.push(...f.dns.map((d) => h('span', { class: 'tag no', 'data-fault': 'dns' }, `DNS ${d.action} ${d.name} ${d.type}`)));
  if (f.clockSkew.kdc) on.push(h('span', { class: 'tag no', 'data-fault': 'skew-kdc' }, `KDC clock ${f.clockSkew.kdc > 0 ? '+' : ''}${f.clockSkew.kdc} s`));
  if (f.clockSkew.cloud) on.push(h('span', { class: 'tag no', 'data-fault': 'skew-cloud' }, `Entra clock ${f.clockSkew.cloud > 0 ? '+' : ''}${f.clockSkew.cloud} s`));
  if (f.down.length) on.push(h('span', { class: 'tag no', 'data-fault': 'down' }, `down: ${f.down.join(', ')}`));
  if (f.downDcs.length) on.push(h('span', { class: 'tag no', 'data-fault': 'dc-down' }, `DC down: ${f.downDcs.join(', ')}`));
  if (f.kerberosDomain === 'absent') on.push(h('span', { class: 'tag no', 'data-fault': 'kerberos-domain' }, 'no KerberosDomain in the tenant'));
  if (f.dcLocatorHint !== 'onPremisesDomainName') on.push(h('span', { class: 'tag no', 'data-fault': 'hint' }, `locator hint: ${f.dcLocatorHint}`));
  const el = $('fault-state');
  el.dataset.original = String(original);
  el.dataset.neverReveal = (f.neverReveal ?? []).join('|');
  el.replaceChildren(h('strong', {}, original ? 'Scenario as started. ' : 'Scenario changed (Reset puts it back). '), ...(on.length ? on : ['No fault switch on.']));
  const never = $('bi-never-remove');
  never.replaceChildren(...(f.neverReveal ?? []).map((n) => new Option(n, n)));
  const skew = $('bi-skew');
  if (document.activeElement !== skew) skew.value = String(f.clockSkew.kdc || 900);
  $('bi-hint').value = f.dcLocatorHint;
}

/** The names a NeverReveal switch can add: the users the world lists (and any typed name). */
async function fillNames() {
  const res = await fetch('/api/world', { cache: 'no-store' });
  if (!res.ok) return;
  const w = await res.json();
  $('bi-names').replaceChildren(...w.users.map((u) => new Option(u.samAccountName)));
  const dc = $('bi-dc');
  const keep = dc.value;
  dc.replaceChildren(...w.dcs.map((d) => new Option(d.name, d.name)));
  if (w.dcs.some((d) => d.name === keep)) dc.value = keep;
  $('bi-srv-names').replaceChildren(...srvNames(w.domain.dnsName.toLowerCase()).map((n) => new Option(n)));
  if (!$('bi-srv').value) $('bi-srv').value = srvNames(w.domain.dnsName.toLowerCase())[0];
}

function panel() {
  const input = (id, attrs) => h('input', { id, ...attrs });
  const btn = (id, text) => h('button', { type: 'button', id }, text);
  // Closed by default: the sequence diagram keeps the room on a projector; the state line below stays visible.
  return [h('details', { id: 'break-it' },
    h('summary', {}, 'Break it: scenario switches (each restarts the lab on the changed scenario)'),
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Break it: scenario switches' },
      h('span', { class: 'row' },
        h('label', { for: 'bi-never' }, 'NeverReveal'), input('bi-never', { list: 'bi-names', size: 12, placeholder: 'user or group', autocomplete: 'off' }),
        btn('bi-never-add', 'Add'), h('select', { id: 'bi-never-remove', 'aria-label': 'on NeverReveal now' }), btn('bi-never-del', 'Take off')),
      h('span', { class: 'row' },
        h('label', { for: 'bi-srv' }, 'DNS'), input('bi-srv', { list: 'bi-srv-names', size: 30, autocomplete: 'off' }),
        btn('bi-dns-drop', 'Drop SRV'), btn('bi-dns-nx', 'NXDOMAIN'), btn('bi-dns-clear', 'Clear DNS faults')),
      h('span', { class: 'row' },
        h('label', { for: 'bi-skew' }, 'KDC clock skew (s)'), input('bi-skew', { type: 'number', value: '900', step: '60', style: 'width: 6rem' }), btn('bi-skew-go', 'Skew KDC clock')),
      h('span', { class: 'row' },
        h('label', { for: 'bi-down' }, 'Take down'), h('select', { id: 'bi-down' }, SERVICES.map((s) => new Option(s, s))), btn('bi-down-go', 'Down'), btn('bi-up', 'All up')),
      h('span', { class: 'row' },
        h('label', { for: 'bi-hint' }, 'DC locator hint'),
        h('select', { id: 'bi-hint' }, new Option('onPremisesDomainName (documented)', 'onPremisesDomainName'), new Option('upnSuffix', 'upnSuffix')), btn('bi-hint-go', 'Set hint')),
      h('span', { class: 'row' }, btn('bi-kd-absent', 'Remove KerberosDomain (cloud only)'), btn('bi-kd-present', 'KerberosDomain back')),
      h('span', { class: 'row' },
        h('label', { for: 'bi-dc' }, 'DC'), h('select', { id: 'bi-dc' }), btn('bi-dc-down', 'DC down'), btn('bi-dc-up', 'DC up')),
      h('button', { type: 'button', id: 'lab-reset', class: 'reset' }, 'Reset lab')),
    h('datalist', { id: 'bi-names' }), h('datalist', { id: 'bi-srv-names' })),
  h('div', { id: 'fault-state', 'aria-live': 'polite' })];
}

function wire() {
  const on = (id, f) => $(id).addEventListener('click', () => void f().catch((e) => result(String(e.message ?? e), 'error')));
  const named = (id) => {
    const v = $(id).value.trim();
    if (!v) throw new Error('type or pick a name first');
    return v;
  };
  on('bi-never-add', () => { const n = named('bi-never'); return send('/api/faults', { neverReveal: { add: n } }, `NeverReveal + ${n}`); });
  on('bi-never-del', () => { const n = named('bi-never-remove'); return send('/api/faults', { neverReveal: { remove: n } }, `NeverReveal − ${n}`); });
  on('bi-dns-drop', () => { const n = named('bi-srv'); return send('/api/faults', { dnsDrop: { name: n, type: 'SRV' } }, `DNS drop ${n}`); });
  on('bi-dns-nx', () => { const n = named('bi-srv'); return send('/api/faults', { dnsFault: { name: n, type: 'SRV', action: 'nxdomain' } }, `DNS NXDOMAIN ${n}`); });
  on('bi-dns-clear', () => send('/api/faults', { dnsClear: true }, 'DNS faults cleared'));
  on('bi-skew-go', () => send('/api/faults', { clockSkew: { kdc: Math.trunc(Number($('bi-skew').value) || 0) } }, 'KDC clock'));
  on('bi-down-go', async () => {
    const now = await (await fetch('/api/faults', { cache: 'no-store' })).json();
    const s = $('bi-down').value;
    return send('/api/faults', { down: [...new Set([...now.faults.down, s])] }, `${s} down`);
  });
  on('bi-up', () => send('/api/faults', { down: [] }, 'every service up'));
  on('bi-hint-go', () => send('/api/faults', { dcLocatorHint: $('bi-hint').value }, 'DC locator hint'));
  on('bi-dc-down', () => send('/api/faults', { dcDown: named('bi-dc') }, `DC ${$('bi-dc').value} down`));
  on('bi-dc-up', () => send('/api/faults', { dcUp: named('bi-dc') }, `DC ${$('bi-dc').value} up`));
  on('bi-kd-absent', () => send('/api/faults', { kerberosDomain: 'absent' }, 'KerberosDomain'));
  on('bi-kd-present', () => send('/api/faults', { kerberosDomain: 'present' }, 'KerberosDomain'));
  on('lab-reset', () => send('/api/lab/reset', {}, 'Reset'));
}

/** Puts the panel under the Kerberos server switches and follows the page's world reads. */
export function initBreakIt() {
  const anchor = $('signin');
  if (!anchor || $('break-it')) return;
  anchor.before(...panel());
  wire();
  const reread = () => void Promise.all([refresh(), fillNames()]).catch((e) => result(String(e.message ?? e), 'error'));
  new MutationObserver(reread).observe(document.body, { attributes: true, attributeFilter: ['data-world-loaded'] });
  reread();
}

initBreakIt();
