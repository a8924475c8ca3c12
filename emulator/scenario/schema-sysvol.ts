/**
 * SYSVOL replication as a scenario setting: FRS or DFSR, and the DFSR migration state dfsrmig.exe
 * drives (0 Start, 1 Prepared, 2 Redirected, 3 Eliminated), globally and per DC. The directory
 * stores it as AD does: msDFSR-Flags = state * 16 on CN=DFSR-GlobalSettings,CN=System and on each
 * DC's CN=DFSR-LocalSettings child (directory/build-dfsr.ts). A domain created at the 2008 domain
 * functional level or later replicates with DFSR from the start (global and local state 3).
 */
import { z } from 'zod';
import type { RawIssue } from './errors.ts';
import type { ParsedScenario } from './schema.ts';

export const MigrationState = z.number().int().min(0).max(3).describe("dfsrmig state: 0 'Start', 1 'Prepared', 2 'Redirected', 3 'Eliminated'");

export const SysvolSchema = z
  .strictObject({
    replication: z.enum(['dfsr', 'frs']).default('dfsr').describe('dfsr: native DFSR (state 3 everywhere); frs: FRS, migrating with dfsrmig when globalState is set'),
    globalState: MigrationState.optional().describe('with frs: the global state dfsrmig /setglobalstate set; absent = migration not initialized'),
    localStates: z.record(z.string(), MigrationState).default({}).describe('per DC name: the local state it reached; default: the global state'),
    azureADKerberosLocalState: MigrationState.optional().describe(
      'a DFSR-LocalSettings leaf given to the AzureADKerberos object (the fix for a migration stuck on it); absent by default, as the module creates none',
    ),
  })
  .describe('SYSVOL replication (FRS or DFSR) and the dfsrmig migration state');

export type SysvolSettings = z.output<typeof SysvolSchema>;

/** The DC names in localStates must be the scenario's DCs; globalState only means something with frs. */
export function validateSysvol(s: ParsedScenario): RawIssue[] {
  const out: RawIssue[] = [];
  const dcs = new Set(s.dcs.map((d) => d.name.toLowerCase()));
  for (const name of Object.keys(s.sysvol.localStates)) {
    if (!dcs.has(name.toLowerCase())) {
      out.push({ path: ['sysvol', 'localStates', name], reason: 'BAD_VALUE', expected: `the name of a DC, got ${JSON.stringify(name)}`, hint: `dcs: ${s.dcs.map((d) => d.name).join(', ')}` });
    }
  }
  if (s.sysvol.replication === 'dfsr' && (s.sysvol.globalState !== undefined || Object.keys(s.sysvol.localStates).length > 0)) {
    out.push({ path: ['sysvol', 'replication'], reason: 'CONFLICT', expected: 'replication: frs when globalState or localStates are set', hint: 'a native DFSR domain is at state 3 everywhere' });
  }
  return out;
}
