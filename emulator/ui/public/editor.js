// The scenario editor's toggle (header button, Alt+E): shows the editor where the sequence diagram
// is, and loads the editor itself (editor-panel.js with CodeMirror, through the import map) only
// the first time it opens, so the page without the editor loads as fast as before.
const $ = (id) => document.getElementById(id);
let mounted;

async function show(open) {
  const editor = $('editor');
  const toggle = $('editor-toggle');
  editor.hidden = !open;
  $('sequence').hidden = open;
  toggle.setAttribute('aria-expanded', String(open));
  toggle.textContent = open ? 'Sign-ins, live (Alt+E)' : 'Scenario editor (Alt+E)';
  if (!open) return;
  mounted ??= import('./editor-panel.js').then((m) => m.mountEditor(editor));
  const panel = await mounted;
  panel.focus();
}

function report(err) {
  const s = $('editor-status') ?? $('switch-result');
  s.className = 'error';
  s.textContent = `editor: ${err.message ?? err}`;
}

$('editor-toggle').addEventListener('click', () => void show($('editor').hidden).catch(report));
document.addEventListener('keydown', (ev) => {
  if (ev.altKey && !ev.ctrlKey && !ev.metaKey && (ev.key === 'e' || ev.key === 'E' || ev.code === 'KeyE')) {
    ev.preventDefault();
    void show($('editor').hidden).catch(report);
  }
});
