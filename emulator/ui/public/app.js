// The training page: loads the world, streams the trace (server-sent events), flips the admin
// API's switches through this page's server, and opens any arrow. Keyboard: Tab to an arrow,
// Enter opens it, Escape closes, j/k move between arrows.
import { h } from './dom.js';
import { renderFindings, renderWorld } from './world.js';
import { arrowFor, isDrawn, isHealthProbe, renderDetail, renderLifelines } from './diagram.js';
import { renderDecoded } from './decode.js';

const $ = (id) => document.getElementById(id);
const events = [];

async function loadWorld() {
  const res = await fetch('/api/world', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/api/world: HTTP ${res.status}`);
  const w = await res.json();
  $('scenario').textContent = `· ${w.scenario.name} · ${w.domain.realm}`;
  renderFindings($('findings'), w);
  renderWorld($('world-body'), w);
  fillUsers(w);
  document.body.dataset.worldLoaded = String(Number(document.body.dataset.worldLoaded ?? 0) + 1);
}

function openDetail(index, button) {
  for (const b of document.querySelectorAll('#arrows button[aria-pressed="true"]')) b.setAttribute('aria-pressed', 'false');
  button?.setAttribute('aria-pressed', 'true');
  renderDetail($('detail-body'), events[index]);
  void renderDecoded($('detail-body'), events[index]).catch(showError);
  $('detail').hidden = false;
  $('detail-close').focus();
  $('detail').dataset.returnTo = String(index);
}

function closeDetail() {
  $('detail').hidden = true;
  const back = document.querySelector(`#arrows button[data-index="${$('detail').dataset.returnTo}"]`);
  back?.focus();
}

function addEvent(e, streamId) {
  if (isHealthProbe(e) || !isDrawn(e)) return;
  // The stream's id names the event for its decoded view (not a field of the event: kept out of its JSON).
  Object.defineProperty(e, 'streamId', { value: streamId });
  const index = events.push(e) - 1;
  const list = $('arrows');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  list.append(arrowFor(e, index));
  list.dataset.count = String(events.length);
  if (atBottom) list.scrollTop = list.scrollHeight;
  // A change made by the admin API (ours or the CLI's) changes the world: read it again.
  if (e.service === 'admin' && e.step !== 'get' && e.verdict === 'ok') {
    void loadWorld().catch(showError);
    // A restart may bring another scenario's exercise; a key switch keeps the trainee's choice.
    if (RESTART_STEPS.has(e.step)) void loadExercise().catch(showError);
  }
}

/** The admin steps that restart the lab (emulator/admin/server.ts): the exercise may change with them. */
const RESTART_STEPS = new Set(['scenario', 'reset', 'fault']);

function showError(err) {
  const r = $('switch-result');
  r.className = 'error';
  r.textContent = String(err.message ?? err);
}

function connect() {
  const source = new EventSource('/api/events');
  source.onopen = () => {
    $('status').textContent = 'live: trace connected';
    $('status').className = 'live';
  };
  source.onmessage = (m) => addEvent(JSON.parse(m.data), Number(m.lastEventId));
  source.onerror = () => {
    $('status').textContent = 'trace disconnected: reconnecting…';
    $('status').className = 'down';
  };
}

const SWITCHES = {
  'rotate-cloud': { method: 'POST', path: '/api/kerberos-server/rotate', body: { cloudOnly: true }, says: 'Rotated the cloud key only (Entra has a new key; AD does not).' },
  'rotate-onprem': { method: 'POST', path: '/api/kerberos-server/rotate', body: { onPremOnly: true }, says: 'Rotated the on-prem key only (AD has a new key; Entra does not).' },
  'rotate-both': { method: 'POST', path: '/api/kerberos-server/rotate', body: {}, says: 'Rotated both sides (they agree again).' },
  remove: { method: 'DELETE', path: '/api/kerberos-server', body: {}, says: 'Removed the Kerberos server objects on both sides.' },
  set: { method: 'PUT', path: '/api/kerberos-server', body: {}, says: 'Set the Kerberos server objects (created or refreshed on both sides).' },
};

async function flip(name) {
  const s = SWITCHES[name];
  const r = $('switch-result');
  r.className = '';
  r.textContent = `${name}…`;
  const body0 = s.method === 'POST' && $('force').checked ? { ...s.body, force: true } : s.body;
  const res = await fetch(s.path, { method: s.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body0) });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    r.className = 'error';
    r.textContent = `${name}: ${body.error ?? res.status}: ${body.message ?? ''}`;
    return;
  }
  const ks = body.kerberosServer ?? {};
  r.textContent = `${s.says} KeyVersion ${ks.KeyVersion ?? 'none'}, CloudKeyVersion ${ks.CloudKeyVersion ?? 'none'}.`;
  await loadWorld();
}

/** The sign-in list: every synced user's cloud UPN, then the cloud-only ones (kept selection across reloads). */
function fillUsers(w) {
  const sel = $('signin-upn');
  const keep = sel.value;
  const upns = [...w.users.filter((u) => u.cloud).map((u) => u.cloud.userPrincipalName), ...w.cloudOnlyUsers.map((u) => u.userPrincipalName)];
  sel.replaceChildren(...upns.map((u) => new Option(u, u)));
  if (upns.includes(keep)) sel.value = keep;
}

async function signIn(ev) {
  ev.preventDefault();
  const r = $('switch-result');
  const upn = $('signin-upn').value;
  r.className = '';
  r.textContent = `signing in ${upn}…`;
  $('signin-go').disabled = true;
  try {
    const res = await fetch('/api/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ upn, password: $('signin-password').value, hello: $('signin-hello').checked }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`${body.error}: ${body.message}`);
    const f = body.failure;
    r.className = body.ok ? 'ok' : 'error';
    r.textContent = body.ok
      ? `${upn}: signed in (${body.steps.filter((s) => s.verdict === 'ok').map((s) => s.step).join(' → ')}); ${body.tickets.length} ticket(s).`
      : `${upn}: failed at ${f.step}: ${f.code ?? ''} ${f.fact ?? ''}`;
    // The scenario settings behind the failure, as ctlab signin prints them (none while an exercise is open).
    if (!body.ok && body.settings?.length) {
      r.append(h('ul', { id: 'signin-settings' }, body.settings.map((x) => h('li', { 'data-setting': x.setting }, h('code', {}, `${x.setting} = ${JSON.stringify(x.value)}`), `: ${x.why}`))));
    }
    document.body.dataset.signins = String(Number(document.body.dataset.signins ?? 0) + 1);
  } finally {
    $('signin-go').disabled = false;
  }
}

/** The exercise panel: title, symptom, the catalogue of diagnoses, right or wrong. */
async function loadExercise() {
  const res = await fetch('/api/exercise', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/api/exercise: HTTP ${res.status}`);
  const x = (await res.json()).exercise;
  if (!x) return;
  const el = $('exercise');
  el.hidden = false;
  const form = h('form', { id: 'exercise-form' },
    h('fieldset', { id: 'exercise-choices' }, h('legend', {}, 'Your diagnosis'),
      x.choices.map((c, i) => h('label', {}, h('input', { type: 'radio', name: 'diagnosis', value: c.id, checked: i === 0 }), ' ', c.label))),
    h('button', { type: 'submit', id: 'exercise-submit' }, 'Submit'));
  const verdict = h('div', { id: 'exercise-verdict', role: 'status', 'aria-live': 'polite' }, x.solved ? `Solved. ${x.explanation ?? ''}` : '');
  el.replaceChildren(h('h2', {}, `Exercise: ${x.title}`), h('p', { class: 'symptom' }, x.symptom), form, verdict);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      const r = await fetch('/api/exercise/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ diagnosis: form.querySelector('input[name=diagnosis]:checked').value }) });
      const b = await r.json();
      if (!r.ok) throw new Error(`${b.error}: ${b.message}`);
      verdict.className = b.correct ? 'right' : 'wrong';
      verdict.dataset.correct = String(b.correct);
      verdict.textContent = b.correct ? `Right. ${b.explanation ?? ''}` : 'Not that one. Look again at the red arrows and the world, and try another diagnosis.';
      if (b.correct) await loadWorld();
    })().catch(showError);
  });
}

function wire() {
  $('signin').addEventListener('submit', (ev) => void signIn(ev).catch(showError));
  renderLifelines($('lifelines'));
  for (const b of document.querySelectorAll('[data-switch]')) b.addEventListener('click', () => void flip(b.dataset.switch).catch(showError));
  $('clear').addEventListener('click', () => $('arrows').replaceChildren());
  $('arrows').addEventListener('click', (ev) => {
    const b = ev.target.closest('button.msg');
    if (b) openDetail(Number(b.dataset.index), b);
  });
  $('detail-close').addEventListener('click', closeDetail);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !$('detail').hidden) return closeDetail();
    const typing = ev.target instanceof HTMLElement && ev.target.closest('input, select, textarea');
    if ((ev.key === 'j' || ev.key === 'k') && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      const all = [...document.querySelectorAll('#arrows button.msg')];
      if (!all.length) return;
      const i = all.indexOf(document.activeElement);
      const next = ev.key === 'j' ? Math.min(all.length - 1, i + 1) : Math.max(0, i < 0 ? all.length - 1 : i - 1);
      all[next].focus();
    }
  });
}

wire();
// The scenario editor's "Restart lab on it" (editor-panel.js): a new world, perhaps a new exercise.
document.addEventListener('ctlab:scenario-restarted', () => {
  $('exercise').hidden = true;
  loadWorld().catch(showError);
  loadExercise().catch(showError);
});
loadWorld().catch(showError);
loadExercise().catch(showError);
connect();
