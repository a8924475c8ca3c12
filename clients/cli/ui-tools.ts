/**
 * The training page's admin tools (docs/training-page.md, "Tools"): what a trainee would type on
 * the Windows device or a DC, run in `ctlab up`'s process against the lab over the wire, printed
 * as the CLI prints them: `klist` (the tickets of the page's last sign-in), `dsregcmd /status`
 * (the device state after it), `nltest /dsgetdc:DOMAIN /kdc /keylist` (the DC locator:
 * DNS SRV, then the CLDAP ping) and `Get-AzureADKerberosServer` (the admin API's view).
 * Never keys or tickets' bytes: the same text the CLI verbs print.
 */
import type { LabFile } from '../../emulator/lab.ts';
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { decodeCcache } from '../../emulator/kerberos/files/ccache.ts';
import type { UiTool, UiToolAnswer } from '../../emulator/ui/server.ts';
import { formatKlist, localZone } from '../admin/klist-format.ts';
import { formatDsGetDc, formatDsGetDcFailure } from '../admin/nltest-format.ts';
import { dsregSummary, formatDsregStatus } from '../device/dsreg.ts';
import type { SignInRun } from '../device/signin.ts';
import { DSGETDC, locateDc } from '../locator/index.ts';
import type { KerberosServerView } from '../../emulator/admin/view.ts';
import { formatKerberosServer } from './kerberos-server-view.ts';

/** The page's last device sign-in (the Sign in button records it; the tools read it). */
export class UiDeviceState {
  last: { readonly upn: string; readonly at: number; readonly run: SignInRun } | undefined;
}

const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.?)*$/;

export function uiTools(lab: () => LabFile, scenario: () => Scenario, state: UiDeviceState): UiTool {
  return async (name, args): Promise<UiToolAnswer> => {
    const s = scenario();
    const c = s.client;
    const device = { deviceName: c.deviceName, domainName: s.domain.dnsName, joinType: c.joinType };
    const last = state.last;
    if (name === 'klist') {
      if (!last?.run.ccache) return { exit: 1, text: last ? `klist: ${last.upn}'s sign-in got no full TGT, so the cache is empty\n` : 'klist: no sign-in from this page yet (Sign in first)\n' };
      return { exit: 0, text: formatKlist(`the page's sign-in of ${last.upn}`, decodeCcache(last.run.ccache), localZone) };
    }
    if (name === 'dsregcmd') {
      const summary = last ? dsregSummary(last.run, { upn: last.upn, at: last.at, ...device }) : undefined;
      return { exit: 0, text: formatDsregStatus(summary, device) + '\n' };
    }
    if (name === 'nltest') {
      const domain = (args.domain ?? s.domain.dnsName).trim();
      if (!DOMAIN.test(domain) || domain.length > 253) return { exit: 2, text: `nltest: /dsgetdc: expected a DNS domain name, got ${JSON.stringify(domain)}\n` };
      const l = lab();
      const dns = l.services.dns;
      const ldap = l.services.ldap;
      if (!dns) return { exit: 1, text: 'nltest: the lab runs no DNS service (faults.down)\n' };
      const r = await locateDc({ dns: { host: dns.host, port: dns.port }, ldapPort: ldap?.port ?? 389, domain, flags: DSGETDC.DS_KDC_REQUIRED | DSGETDC.DS_KEY_LIST_SUPPORT_REQUIRED, timeoutMs: 2000 });
      const head = `> nltest /dsgetdc:${domain} /kdc /keylist\n`;
      return r.ok ? { exit: 0, text: head + formatDsGetDc(r.dc) } : { exit: 1, text: head + formatDsGetDcFailure(r.status, r.statusName) };
    }
    // Get-AzureADKerberosServer: the admin API, as `ctlab kerberos-server get` asks it.
    const admin = lab().services.admin?.url;
    if (!admin) return { exit: 1, text: 'Get-AzureADKerberosServer: the lab has no admin API\n' };
    const res = await fetch(`${admin}/kerberos-server`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { kerberosServer?: KerberosServerView; error?: { code?: string; message?: string } };
    if (!res.ok || !body.kerberosServer) return { exit: 1, text: `Get-AzureADKerberosServer: ${body.error?.code ?? `HTTP ${res.status}`}: ${body.error?.message ?? ''}\n` };
    return { exit: 0, text: '\n' + formatKerberosServer(body.kerberosServer) + '\n' };
  };
}
