/**
 * What `dsregcmd /status` shows for the device after its last sign-in (Device State, Device
 * Details, SSO State): the summary the sign-in leaves in .ctlab/last-signin.json (no secrets: ids,
 * verdicts, times) and the text dsregcmd prints for it, labels right-aligned as Windows does. Pure.
 */
import type { SignInRun } from './signin.ts';

export interface DsregSummary {
  readonly upn: string;
  readonly at: number;
  readonly tenantId?: string;
  readonly deviceId?: string;
  readonly deviceName: string;
  readonly domainName: string;
  readonly joinType: 'hybrid' | 'entra';
  readonly azureAdPrt: boolean;
  readonly onPremTgt: boolean;
  readonly cloudTgt: boolean;
  readonly fullTgt: boolean;
  readonly kerbTopLevelNames?: string;
  readonly failure?: { readonly step: string; readonly code?: string; readonly fact?: string };
}

export function dsregSummary(r: SignInRun, o: { upn: string; at: number; deviceName: string; domainName: string; joinType: 'hybrid' | 'entra' }): DsregSummary {
  const ok = (step: string) => r.steps.some((s) => s.step === step && s.verdict === 'ok');
  return {
    upn: o.upn,
    at: o.at,
    ...(r.device ? { deviceId: r.device.deviceId, tenantId: r.device.tenantId } : {}),
    deviceName: o.deviceName,
    domainName: o.domainName,
    joinType: o.joinType,
    azureAdPrt: ok('prt'),
    onPremTgt: ok('partialTgt'),
    cloudTgt: r.cloudTgt === true,
    fullTgt: ok('fullTgt'),
    ...(r.kerberosTopLevelNames ? { kerbTopLevelNames: r.kerberosTopLevelNames } : {}),
    ...(r.failure ? { failure: { step: r.failure.step, ...(r.failure.code ? { code: r.failure.code } : {}), ...(r.failure.fact ? { fact: r.failure.fact } : {}) } } : {}),
  };
}

const yes = (b: boolean) => (b ? 'YES' : 'NO');
const BAR = '+----------------------------------------------------------------------+';

function section(title: string, rows: readonly (readonly [string, string])[]): string[] {
  return [BAR, `| ${title.padEnd(69)}|`, BAR, '', ...rows.map(([k, v]) => `${k.padStart(26)} : ${v}`), ''];
}

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '.000 UTC');

/** The dsregcmd /status text; `s` undefined = no sign-in yet (the device is not registered). */
export function formatDsregStatus(s: DsregSummary | undefined, fallback: { deviceName: string; domainName: string; joinType: 'hybrid' | 'entra' }): string {
  const d = s ?? { ...fallback, azureAdPrt: false, onPremTgt: false, cloudTgt: false };
  const joined = s?.deviceId !== undefined;
  const lines = [
    ...section('Device State', [
      ['AzureAdJoined', yes(joined)],
      ['EnterpriseJoined', 'NO'],
      ['DomainJoined', yes(d.joinType === 'hybrid')],
      ...(d.joinType === 'hybrid' ? ([['DomainName', d.domainName.split('.')[0].toUpperCase()]] as [string, string][]) : []),
      ['Device Name', d.joinType === 'hybrid' ? `${d.deviceName}.${d.domainName}` : d.deviceName],
    ]),
    ...section('Device Details', [
      ['DeviceId', s?.deviceId ?? ''],
      ['TenantId', s?.tenantId ?? ''],
    ]),
    ...section('SSO State', [
      ['AzureAdPrt', yes(d.azureAdPrt)],
      ...(s?.azureAdPrt ? ([['AzureAdPrtUpdateTime', iso(s.at)], ['AzureAdPrtAuthority', `https://login.microsoftonline.com/${s.tenantId ?? ''}`]] as [string, string][]) : []),
      ['EnterprisePrt', 'NO'],
      ['OnPremTgt', yes(d.onPremTgt)],
      ['CloudTgt', yes(d.cloudTgt)],
      ['KerbTopLevelNames', s?.kerbTopLevelNames ?? ''],
    ]),
    ...section('Diagnostic Data', [
      ['Last Sign-in', s ? `${s.upn} at ${iso(s.at)}` : 'none'],
      ['Full TGT', s ? yes(s.fullTgt) : 'NO'],
      ...(s?.failure ? ([['Failed Step', `${s.failure.step}${s.failure.code ? ` (${s.failure.code})` : ''}`]] as [string, string][]) : []),
    ]),
  ];
  return lines.join('\n');
}
