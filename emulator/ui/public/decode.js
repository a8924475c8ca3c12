// The decoded view in the detail panel: GET /api/events/:id/decoded → a tree of
// {label, value, note, secret, error, key, children}, drawn as nested <details> (Tab to a summary,
// Enter or Space opens and closes it). Secrets arrive masked unless the lab runs with
// --ui-show-secrets; text is always text (dom.js never uses innerHTML).
import { h } from './dom.js';

/** Opened at first: the first two levels, the paths the server marks open, and every path to a part that failed. */
const OPEN_DEPTH = 2;

const hasError = (n) => Boolean(n.error || (n.children ?? []).some(hasError));

function line(n) {
  return [
    h('span', { class: 'd-label' }, n.label),
    n.value !== undefined ? h('span', { class: `d-value${n.secret ? ' secret' : ''}${n.error ? ' error' : ''}` }, n.error ? `✗ ${n.value}` : n.value) : '',
    n.note ? h('span', { class: 'd-note' }, n.note) : '',
  ];
}

function renderNode(n, depth) {
  const attrs = { 'data-key': n.key, 'data-label': n.label, class: n.error ? 'd-error' : undefined };
  if (!n.children?.length) return h('li', { ...attrs, class: `d-leaf${n.error ? ' d-error' : ''}` }, line(n));
  const open = depth < OPEN_DEPTH || n.open || hasError(n);
  return h('li', attrs, h('details', { open }, h('summary', {}, line(n)), h('ul', {}, n.children.map((c) => renderNode(c, depth + 1)))));
}

let current = 0;

/** Appends the decoded view of event `e` (its stream id) to `el`; a newer call wins. */
export async function renderDecoded(el, e) {
  const mine = ++current;
  const box = h('section', { id: 'decoded', 'aria-labelledby': 'decoded-h', 'aria-busy': 'true' }, h('h3', { id: 'decoded-h' }, 'Decoded message'), h('p', { class: 'd-status' }, 'decoding…'));
  const json = el.querySelector('#detail-json');
  if (json) json.before(box);
  else el.append(box);
  if (!e.streamId) {
    box.replaceChildren(h('h3', { id: 'decoded-h' }, 'Decoded message'), h('p', { class: 'd-status' }, 'not available for this event'));
    box.setAttribute('aria-busy', 'false');
    return;
  }
  const res = await fetch(`/api/events/${e.streamId}/decoded`, { cache: 'no-store' });
  const body = await res.json().catch(() => ({}));
  if (mine !== current || !box.isConnected) return;
  const status = res.ok
    ? body.showSecrets ? 'Secrets are shown (the lab runs with --ui-show-secrets).' : 'Secrets are masked (ctlab up --ui-show-secrets shows them).'
    : `${body.error ?? res.status}: ${body.message ?? ''}`;
  box.replaceChildren(
    h('h3', { id: 'decoded-h' }, 'Decoded message'),
    h('p', { class: 'd-status' }, status),
    res.ok ? h('ul', { class: 'd-tree', id: 'decoded-tree' }, body.tree.map((n) => renderNode(n, 0))) : '',
  );
  box.setAttribute('aria-busy', 'false');
  box.dataset.ready = 'true';
}
