/**
 * `ctlab ca [--scenario FILE | --lab FILE] [-o FILE]`: writes the lab CA's certificate (PEM), the
 * trust anchor of the fake Entra ID's HTTPS certificate and of the device certificates it issues
 * (`curl --cacert FILE`, `requests.post(verify=FILE)`, or a system trust store). The CA's key and
 * name come from the scenario seed, so the file also trusts a lab started later from the same
 * scenario. Without -o, the PEM goes to stdout.
 */
import { writeFileSync } from 'node:fs';
import { UsageError } from '../../../emulator/core/errors.ts';
import { LabCa } from '../../../emulator/entra/index.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { parseVerbArgs } from '../args.ts';
import { resolveLabTarget } from '../lab-file.ts';

const USAGE = 'usage: ctlab ca [--scenario FILE | --lab FILE] [-o FILE]';

export async function caVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(args, { scenario: { type: 'string' }, lab: { type: 'string' }, output: { type: 'string', short: 'o' } }, USAGE);
  if (!parsed) return 0;
  const { values } = parsed;
  if (values.output === '') throw new UsageError(`-o needs a file name\n${USAGE}`);
  const target = resolveLabTarget({ scenario: values.scenario, lab: values.lab });
  const ca = await LabCa.fromSeed(loadScenario(target.scenario).seed);
  if (!values.output) {
    process.stdout.write(ca.pem);
    return 0;
  }
  writeFileSync(values.output, ca.pem);
  process.stdout.write(`wrote ${ca.name} to ${values.output}\n`);
  return 0;
}
