/**
 * The SYSVOL migration objects dfsrmig.exe reads and writes (scenario `sysvol`): the global state
 * on CN=DFSR-GlobalSettings,CN=System,<domain> and each DC's local state on the
 * CN=DFSR-LocalSettings child of its computer object, both as msDFSR-Flags = state * 16 (0 Start,
 * 16 Prepared, 32 Redirected, 48 Eliminated) with msDFSR-Version 1.0.0.0, as Samba's DFSR task and
 * AD store them. The AzureADKerberos object gets no DFSR-LocalSettings (the module creates none),
 * which is why dfsrmig reports it in 'Start' (PROTOCOL.md section 6), unless the scenario gives it
 * one. Built after every other object, so the USNs of the rest do not move.
 */
import type { BuildContext } from './build-context.ts';
import { baseAttrs } from './entry-builder.ts';
import type { DirectoryEntry } from './model.ts';

export const DFSR_STATE_NAMES = ['Start', 'Prepared', 'Redirected', 'Eliminated'] as const;

/** msDFSR-Flags of a migration state. */
export function dfsrFlags(state: number): number {
  return state * 16;
}

export function buildDfsrObjects(ctx: BuildContext, dcComputerDns: readonly { name: string; dn: string }[], azureComputerDn: string | undefined): DirectoryEntry[] {
  const s = ctx.scenario.sysvol;
  const global = s.replication === 'dfsr' ? 3 : s.globalState;
  const out: DirectoryEntry[] = [];
  const local = (parentDn: string, state: number): DirectoryEntry => {
    const dn = `CN=DFSR-LocalSettings,${parentDn}`;
    return baseAttrs(ctx.meta(dn), ['top', 'msDFSR-LocalSettings'], ctx.category('ms-DFSR-LocalSettings'), 'DFSR-LocalSettings')
      .set('msDFSR-Version', '1.0.0.0')
      .set('msDFSR-Flags', dfsrFlags(state))
      .set('showInAdvancedViewOnly', true)
      .entry(dn);
  };
  if (global !== undefined) {
    const dn = `CN=DFSR-GlobalSettings,${ctx.systemDn}`;
    out.push(
      baseAttrs(ctx.meta(dn), ['top', 'msDFSR-GlobalSettings'], ctx.category('ms-DFSR-GlobalSettings'), 'DFSR-GlobalSettings')
        .set('msDFSR-Flags', dfsrFlags(global))
        .set('showInAdvancedViewOnly', true)
        .entry(dn),
    );
    const byName = new Map(Object.entries(s.localStates).map(([k, v]) => [k.toLowerCase(), v]));
    for (const dc of dcComputerDns) out.push(local(dc.dn, s.replication === 'dfsr' ? 3 : (byName.get(dc.name.toLowerCase()) ?? global)));
  }
  if (azureComputerDn !== undefined && s.azureADKerberosLocalState !== undefined) out.push(local(azureComputerDn, s.azureADKerberosLocalState));
  return out;
}
