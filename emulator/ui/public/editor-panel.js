// The scenario editor (docs/training-page.md, "Scenario editor"): CodeMirror 6 with YAML and JSON
// highlighting, completion from the scenario JSON Schema (schema-complete.js), the lab's own
// validation as lint (POST /api/scenario/validate, debounced: path, line and column of every
// problem, marked in the gutter and listed under the editor), the shipped scenarios to open, and
// "Restart lab on it" (PUT /api/scenario, the admin API's restart). Keyboard: Ctrl-Space completes,
// Ctrl-Enter validates, Escape then Tab leaves the editor.
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { linter, lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { json } from '@codemirror/lang-json';
import { tags } from '@lezer/highlight';
import { h } from './dom.js';
import { complete } from './schema-complete.js';

const LINT_DELAY_MS = 600;

const highContrast = HighlightStyle.define([
  { tag: [tags.definition(tags.propertyName), tags.propertyName], color: '#7cc4ff', fontWeight: '700' },
  { tag: [tags.string, tags.special(tags.string)], color: '#a8f0b8' },
  { tag: [tags.content], color: '#f4f6f8' },
  { tag: [tags.number, tags.bool, tags.null], color: '#ffd166' },
  { tag: [tags.lineComment, tags.comment], color: '#b8c0c8', fontStyle: 'italic' },
  { tag: [tags.separator, tags.punctuation, tags.squareBracket, tags.brace], color: '#e0e4e8' },
  { tag: [tags.meta, tags.keyword, tags.labelName, tags.typeName], color: '#ffb3e6' },
]);

const theme = EditorView.theme(
  {
    '&': { color: '#f4f6f8', backgroundColor: '#0b0d10', fontSize: '0.95rem', height: '100%' },
    '.cm-scroller': { fontFamily: '"DejaVu Sans Mono", ui-monospace, monospace', lineHeight: '1.45' },
    '.cm-content': { caretColor: '#ffd166' },
    '&.cm-focused .cm-cursor': { borderLeftColor: '#ffd166', borderLeftWidth: '3px' },
    '&.cm-focused': { outline: '3px solid #ffd166' },
    '.cm-gutters': { backgroundColor: '#151a20', color: '#b8c0c8', borderRight: '2px solid #59636e' },
    '.cm-activeLine': { backgroundColor: 'rgba(124, 196, 255, .08)' },
    '.cm-activeLineGutter': { backgroundColor: 'rgba(124, 196, 255, .16)', color: '#f4f6f8' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#2b4a66 !important' },
    '.cm-tooltip': { backgroundColor: '#151a20', color: '#f4f6f8', border: '2px solid #7cc4ff', fontSize: '0.9rem' },
    '.cm-tooltip-autocomplete > ul > li': { padding: '.15rem .5rem' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: '#2b4a66', color: '#ffffff' },
    '.cm-completionDetail': { color: '#ffd166', fontStyle: 'normal', marginLeft: '.8rem' },
    '.cm-completionInfo': { maxWidth: '28rem', padding: '.3rem .6rem' },
    '.cm-diagnostic-error': { borderLeft: '5px solid #ff6b6b' },
    '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy #ff6b6b 2px', textUnderlineOffset: '4px' },
  },
  { dark: true },
);

const langOf = (name, text) => (/\.json$/i.test(name) || (!/\.ya?ml$/i.test(name) && text.trimStart().startsWith('{')) ? 'json' : 'yaml');

/** The editor in `root` (the #editor section); returns {focus}. */
export async function mountEditor(root) {
  const status = h('div', { id: 'editor-status', role: 'status', 'aria-live': 'polite' });
  const picker = h('select', { id: 'editor-open' }, h('option', { value: '' }, 'the running scenario'));
  const nameEl = h('span', { id: 'editor-name' });
  const problems = h('ol', { id: 'editor-problems', 'aria-label': 'Problems in the scenario' });
  const host = h('div', { id: 'editor-cm' });
  const buttons = {
    open: h('button', { type: 'button', id: 'editor-load' }, 'Open'),
    validate: h('button', { type: 'button', id: 'editor-validate', 'aria-keyshortcuts': 'Control+Enter' }, 'Validate (Ctrl+Enter)'),
    restart: h('button', { type: 'button', id: 'editor-restart' }, 'Restart lab on it'),
  };
  root.replaceChildren(
    h('div', { class: 'editor-head' },
      h('h2', { id: 'editor-h' }, 'Scenario editor ', nameEl),
      h('div', { class: 'controls' }, h('label', { for: 'editor-open' }, 'Shipped scenarios'), picker, buttons.open, buttons.validate, buttons.restart)),
    status, host, problems);

  const [schema, current, list] = await Promise.all([getJson('/api/scenario/schema'), getJson('/api/scenario'), getJson('/api/scenarios')]);
  for (const s of list.scenarios) picker.append(new Option(s.description ? `${s.name}: ${s.description}` : s.name, s.name));
  let name = current.name;
  let lang = langOf(name, current.text);
  let checks = 0;
  const language = new Compartment();

  const say = (text, cls = '') => {
    status.className = cls;
    status.textContent = text;
  };

  /** The lab's problems as editor diagnostics (line and column 1-based; the token there underlined) and as the list below. */
  function toDiagnostics(doc, errors) {
    const items = [];
    const diags = errors.map((e) => {
      let from = 0;
      let to = Math.min(doc.length, doc.line(1).to);
      if (e.line && e.line <= doc.lines) {
        const line = doc.line(e.line);
        from = Math.min(line.to, line.from + Math.max(0, (e.column ?? 1) - 1));
        const token = /^[^\s:,\]}]+/.exec(doc.sliceString(from, line.to));
        to = token ? from + token[0].length : line.to;
      }
      const where = e.path || '(root)';
      items.push(h('li', { 'data-path': e.path, 'data-line': e.line ?? '', 'data-reason': e.reason ?? '' },
        h('button', { type: 'button', class: 'jump', 'data-from': from }, e.line ? `line ${e.line}:${e.column ?? 1}` : 'file'), ' ', h('code', {}, where), `: ${e.message}`));
      return { from, to, severity: 'error', source: e.reason, message: `${where}: ${e.message}` };
    });
    problems.replaceChildren(...items);
    return diags;
  }

  async function check(doc) {
    const n = ++checks;
    const res = await fetch('/api/scenario/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: doc.toString(), name: name.split('/').pop() }) });
    const body = await res.json();
    if (!res.ok) throw new Error(`${body.error}: ${body.message}`);
    if (n === checks) {
      root.dataset.checks = String(Number(root.dataset.checks ?? 0) + 1);
      root.dataset.valid = String(body.ok);
      say(body.ok ? `Valid: ${body.name}, as ctlab validate sees it.` : `${body.errors.length} problem(s), as ctlab validate sees them.`, body.ok ? 'ok' : 'error');
    }
    return toDiagnostics(doc, body.errors);
  }

  const lint = linter((v) => check(v.state.doc).catch((err) => (say(String(err.message ?? err), 'error'), [])), { delay: LINT_DELAY_MS });

  const completion = autocompletion({
    override: [
      (ctx) => {
        const r = complete(schema, ctx.state.doc.toString(), ctx.pos, lang);
        if (!r.options.length || (!ctx.explicit && r.from === ctx.pos)) return null;
        return {
          from: r.from,
          options: r.options.map((o) => ({ label: o.label, apply: o.apply, detail: o.detail, info: o.info || undefined, type: o.kind === 'property' ? 'property' : 'enum', boost: o.required ? 1 : 0 })),
          validFor: /^[\w.$@-]*$/,
        };
      },
    ],
    icons: false,
  });

  const runValidate = (v) => {
    void check(v.state.doc).then((d) => v.dispatch(setDiagnostics(v.state, d))).catch((err) => say(String(err.message ?? err), 'error'));
    return true;
  };

  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: current.text,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(), indentOnInput(), bracketMatching(), highlightActiveLine(),
        syntaxHighlighting(highContrast), language.of(lang === 'json' ? json() : yaml()), completion, lint, lintGutter(), theme,
        EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': 'Scenario text' }),
        keymap.of([{ key: 'Mod-Enter', run: runValidate }, ...completionKeymap, ...lintKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
      ],
    }),
  });

  function load(text, newName, note) {
    name = newName;
    lang = langOf(name, text);
    nameEl.textContent = `· ${name}`;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: language.reconfigure(lang === 'json' ? json() : yaml()) });
    root.dataset.name = name;
    say(note);
  }
  load(current.text, current.name, `The running scenario, ${current.name}. Ctrl-Space completes from the schema.`);

  buttons.open.addEventListener('click', () => void (async () => {
    const pick = picker.value;
    const s = pick ? await getJson(`/api/scenarios/${pick.split('/').map(encodeURIComponent).join('/')}`) : await getJson('/api/scenario');
    load(s.text, s.name, pick ? `Opened ${s.name} (shipped). The lab still runs the old one until "Restart lab on it".` : `The running scenario, ${s.name}.`);
    view.focus();
  })().catch((err) => say(String(err.message ?? err), 'error')));
  buttons.validate.addEventListener('click', () => runValidate(view));
  buttons.restart.addEventListener('click', () => void restart().catch((err) => say(String(err.message ?? err), 'error')));
  problems.addEventListener('click', (ev) => {
    const b = ev.target.closest('button.jump');
    if (!b) return;
    view.dispatch({ selection: { anchor: Number(b.dataset.from) }, scrollIntoView: true });
    view.focus();
  });

  /** PUT /api/scenario {text, name}: 200 restarted (the page reads the world again), 400 its problems here, 404 no restart in this lab. */
  async function restart() {
    say(`Restarting the lab on ${name}…`);
    buttons.restart.disabled = true;
    try {
      const res = await fetch('/api/scenario', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: view.state.doc.toString(), name: name.split('/').pop() }) });
      const body = await res.json().catch(() => ({}));
      root.dataset.restart = String(res.status);
      if (res.status === 404 || res.status === 405 || res.status === 501) return say('This lab cannot restart on a scenario (its server has no PUT /api/scenario). Save the text and run ctlab up FILE.', 'error');
      if (res.status === 400 && Array.isArray(body.errors)) {
        view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, body.errors)));
        return say(`Not restarted: ${body.errors.length} problem(s) (${body.error ?? 'SCENARIO_INVALID'}); the lab runs on as it was.`, 'error');
      }
      if (!res.ok) return say(`Not restarted: ${body.error ?? res.status}: ${body.message ?? ''}`, 'error');
      say(`Restarted on ${name} in ${body.ms ?? '?'} ms.`, 'ok');
      document.dispatchEvent(new CustomEvent('ctlab:scenario-restarted', { detail: { name } }));
    } finally {
      buttons.restart.disabled = false;
    }
  }

  return { focus: () => view.focus(), view };
}

async function getJson(url) {
  const res = await fetch(url, { cache: 'no-store' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${url}: ${body.error ?? res.status}: ${body.message ?? ''}`);
  return body;
}
