// The Tools panel: the admin commands a trainee would type while diagnosing (klist and
// dsregcmd /status on the device after the page's last sign-in, nltest /dsgetdc: for the DC
// locator, Get-AzureADKerberosServer), run by the lab (POST /api/tools/NAME) and shown as the
// CLI prints them.
import { h } from './dom.js';

const $ = (id) => document.getElementById(id);

async function run(name, body) {
  const out = $('tool-output');
  out.hidden = false;
  out.dataset.tool = name;
  delete out.dataset.exit;
  out.textContent = `${name}: running…`;
  try {
    const res = await fetch(`/api/tools/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    const b = await res.json().catch(() => ({}));
    if (!res.ok) {
      out.dataset.exit = 'error';
      out.textContent = `${name}: ${b.error ?? res.status}: ${b.message ?? ''}`;
      return;
    }
    out.dataset.exit = String(b.exit);
    out.textContent = b.text;
  } catch (e) {
    out.dataset.exit = 'error';
    out.textContent = `${name}: ${e.message ?? e}`;
  }
}

function panel() {
  const btn = (id, text) => h('button', { type: 'button', id }, text);
  return h('details', { id: 'tools' },
    h('summary', {}, 'Tools: klist, dsregcmd, nltest, Get-AzureADKerberosServer'),
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Admin tools' },
      btn('tool-klist', 'klist'),
      btn('tool-dsregcmd', 'dsregcmd /status'),
      h('span', { class: 'row' },
        h('label', { for: 'tool-domain' }, 'nltest /dsgetdc:'),
        h('input', { id: 'tool-domain', size: 18, autocomplete: 'off', placeholder: 'the AD domain' }),
        btn('tool-nltest', 'Run')),
      btn('tool-kerberos-server', 'Get-AzureADKerberosServer')),
    h('pre', { id: 'tool-output', hidden: true, 'aria-live': 'polite' }));
}

export function initTools() {
  const anchor = $('switch-result');
  if (!anchor || $('tools')) return;
  anchor.after(panel());
  $('tool-klist').addEventListener('click', () => void run('klist'));
  $('tool-dsregcmd').addEventListener('click', () => void run('dsregcmd'));
  $('tool-nltest').addEventListener('click', () => {
    const d = $('tool-domain').value.trim();
    void run('nltest', d ? { domain: d } : {});
  });
  $('tool-kerberos-server').addEventListener('click', () => void run('kerberos-server'));
}

initTools();
