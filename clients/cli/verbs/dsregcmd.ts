/**
 * `ctlab dsregcmd /status [--lab FILE]`: what Windows' dsregcmd /status prints (Device State,
 * Device Details, SSO State: AzureAdJoined, DomainJoined, AzureAdPrt, OnPremTgt, CloudTgt,
 * KerbTopLevelNames) for the emulated device after its last `ctlab signin` (.ctlab/last-signin.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../../emulator/core/errors.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { formatDsregStatus, type DsregSummary } from '../../device/dsreg.ts';
import { DEFAULT_LAB_FILE, readLabFile } from '../lab-file.ts';

const USAGE = 'usage: ctlab dsregcmd /status [--lab FILE]   (the device state after the last ctlab signin)';

export async function dsregcmdVerb(args: string[]): Promise<number> {
  let lab: string | undefined;
  let status = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help' || a === '/?') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (a.toLowerCase() === '/status') status = true;
    else if (a === '--lab') {
      lab = args[++i];
      if (lab === undefined) throw new UsageError(`--lab needs a file\n${USAGE}`);
    } else throw new UsageError(`unknown argument '${a}'\n${USAGE}`);
  }
  if (!status) throw new UsageError(`only /status is supported\n${USAGE}`);
  const labPath = resolve(lab ?? DEFAULT_LAB_FILE);
  if (!existsSync(labPath)) throw new UsageError(`no running lab found (${labPath} is missing): start one with 'ctlab up', or pass --lab FILE`);
  const scenario = loadScenario(readLabFile(labPath).scenario);
  const file = join(dirname(labPath), 'last-signin.json');
  let summary: DsregSummary | undefined;
  if (existsSync(file)) {
    try {
      summary = JSON.parse(readFileSync(file, 'utf8')) as DsregSummary;
    } catch (err) {
      throw new UsageError(`${file}: not JSON (${(err as Error).message})`);
    }
  }
  const c = scenario.client;
  process.stdout.write(formatDsregStatus(summary, { deviceName: c.deviceName, domainName: scenario.domain.dnsName, joinType: c.joinType }) + '\n');
  return 0;
}
