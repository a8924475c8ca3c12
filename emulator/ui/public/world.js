// The world at a glance: AD on one side, the tenant on the other, disagreements in red (with text).
import { h } from './dom.js';

const yesNo = (v, yes, no) => h('span', { class: `tag ${v ? 'yes' : 'no'}` }, v ? yes : no);
const kv = (pairs) => h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
const missing = (v) => (v === null || v === undefined ? h('span', { class: 'missing' }, 'missing') : v);

/** Findings about one side alone (not AD against the tenant): named as what they are. */
const BLOCKERS = new Set(['msDS-NeverRevealGroup', 'keyListPatch']);

export function renderFindings(el, w) {
  if (w.findingsHidden) return el.replaceChildren(h('div', { class: 'hidden-findings' }, 'Disagreements are hidden until the exercise is solved: find them yourself.'));
  el.replaceChildren(
    ...(w.findings.length
      ? w.findings.map((f) => h('div', { class: 'finding', 'data-where': f.where, 'data-fields': f.fields.join(' ') }, h('strong', {}, BLOCKERS.has(f.fields[0]) ? 'Blocked: ' : 'Disagreement: '), f.text))
      : [h('div', { class: 'none' }, 'AD and the tenant agree: keys, ids and every synced user.')]),
  );
}

function kerberosServer(w) {
  const ad = w.azureAdKerberos;
  const kd = w.kerberosDomain;
  const keyBad = !w.findingsHidden && ad && kd && ad.keyVersion !== kd.cloudKeyVersion;
  const idBad = !w.findingsHidden && ad && kd && ad.id !== kd.cloudId;
  const v = (val, bad) => (val === null || val === undefined ? missing(val) : h('span', { class: bad ? 'bad' : '' }, String(val)));
  return [
    h('h3', {}, 'Kerberos server (AD ⇄ Entra)'),
    h('table', { id: 'kerberos-server' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'AD: AzureADKerberos'), h('th', {}, 'Entra: KerberosDomain'))),
      h('tbody', {},
        h('tr', {}, h('th', {}, 'RODC number'), h('td', {}, v(ad?.id, idBad)), h('td', {}, v(kd?.cloudId, idBad))),
        h('tr', { 'data-field': 'KeyVersion' }, h('th', {}, 'Key version'), h('td', { id: 'ks-keyversion' }, v(ad?.keyVersion, keyBad)), h('td', { id: 'ks-cloudkeyversion' }, v(kd?.cloudKeyVersion, keyBad))),
        h('tr', {}, h('th', {}, 'Previous key'), h('td', {}, v(ad?.previousKeyVersion)), h('td', {}, v(kd?.cloudPreviousKeyVersion))),
        h('tr', {}, h('th', {}, 'Account'), h('td', {}, ad ? ad.krbtgtSamAccountName : missing(null)), h('td', {}, kd ? kd.cloudDisplayName : missing(null))),
        h('tr', {}, h('th', {}, 'Updated'), h('td', {}, ad ? `${ad.keyUpdatedOn.slice(0, 19)}Z from ${ad.keyUpdatedFrom}` : missing(null)), h('td', {}, kd ? `${kd.cloudKeyUpdatedOn.slice(0, 19)}Z` : missing(null))),
      ),
    ),
    ad
      ? kv([
          ['RODC object', ad.computer],
          ['msDS-KrbTgtLink', ad.krbTgtLink ?? missing(null)],
          ['Never reveal', ad.neverReveal.length ? ad.neverReveal.join(', ') : 'none'],
          ['Reveal on demand', ad.revealOnDemand.length ? ad.revealOnDemand.join(', ') : 'none'],
        ])
      : '',
  ];
}

export function renderWorld(el, w) {
  const d = w.domain;
  el.replaceChildren(
    h('h3', {}, 'Active Directory'),
    kv([
      ['Forest / domain', `${w.forest} / ${d.dnsName} (${d.netbiosName})`],
      ['Realm', d.realm],
      ['UPN suffixes', w.upnSuffixes.length ? w.upnSuffixes.join(', ') : 'none'],
    ]),
    h('table', { id: 'dcs' },
      h('thead', {}, h('tr', {}, h('th', {}, 'DC'), h('th', {}, 'Kind'), h('th', {}, 'Key list'), h('th', {}, 'Site'))),
      h('tbody', {}, w.dcs.map((dc) =>
        h('tr', { 'data-dc': dc.name },
          h('td', {}, dc.hostName),
          h('td', {}, dc.readOnly ? `RODC #${dc.rodcNumber ?? '?'}` : 'writable', dc.pdc ? ' · PDC' : '', dc.globalCatalog ? ' · GC' : ''),
          h('td', {}, dc.readOnly ? '—' : yesNo(dc.keyListPatch, 'patched', 'not patched')),
          h('td', {}, dc.site)),
      )),
    ),
    ...kerberosServer(w),
    h('h3', {}, `Tenant: ${w.tenant.displayName}`),
    kv([['Domains', w.tenant.domains.map((x) => `${x.name}${x.isVerified ? '' : ' (unverified)'}${x.authenticationType === 'Federated' ? ' (federated)' : ''}`).join(', ')]]),
    h('h3', {}, `Users (${w.users.length} of ${w.usersTotal} in AD; onPremises* from Entra)`),
    h('table', { id: 'users' },
      h('thead', {}, h('tr', {}, h('th', {}, 'AD user'), h('th', {}, 'Entra UPN'), h('th', {}, 'onPremises Sam / Domain'), h('th', {}, 'onPremises SID'))),
      h('tbody', {}, w.users.map((u) => {
        const bad = (f) => u.mismatched.includes(f);
        const cell = (val, f) => (val === null ? h('span', { class: 'missing' }, 'missing') : h('span', { class: bad(f) ? 'bad' : '' }, val));
        return h('tr', { 'data-user': u.samAccountName },
          h('td', {}, u.samAccountName, u.enabled ? '' : ' (disabled)'),
          h('td', {}, u.cloud ? u.cloud.userPrincipalName : h('span', { class: 'tag no' }, 'not synced')),
          h('td', {}, u.cloud ? [cell(u.cloud.onPremisesSamAccountName, 'onPremisesSamAccountName'), ' / ', cell(u.cloud.onPremisesDomainName, 'onPremisesDomainName')] : '—'),
          h('td', {}, u.cloud ? cell(u.cloud.onPremisesSecurityIdentifier?.replace(/^S-1-5-21-[\d-]+-(\d+)$/, '…-$1') ?? null, 'onPremisesSecurityIdentifier') : '—'));
      })),
    ),
    w.cloudOnlyUsers.length ? kv([['Cloud-only users', w.cloudOnlyUsers.map((u) => u.userPrincipalName).join(', ')]]) : '',
  );
}
