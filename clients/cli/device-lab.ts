/**
 * What the device commands (`ctlab signin`, `ctlab device register`, `ctlab dsregcmd`) need from
 * the lab: its ready file (`.ctlab/lab.json` or `--lab FILE`), or a lab started in-process from
 * `--scenario FILE` on free ports; the device's own configuration from the scenario (the client
 * settings a GPO would set: dcLocatorHint, joinType, deviceName, and the [domain_realm] mapping
 * `ctlab krb5conf` writes); the lab CA the device trusts (`ctlab ca`, derived from the seed).
 * The user's password is read from the scenario only in `--scenario` mode, and only when the
 * command line gave none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../emulator/core/errors.ts';
import { LabCa } from '../../emulator/entra/index.ts';
import { startLab, type LabFile, type RunningLab } from '../../emulator/lab.ts';
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { loadScenario } from '../../emulator/scenario/load.ts';
import type { DomainRealmMap } from '../device/realm.ts';
import { deviceSettings } from '../device/scenario.ts';
import { DEFAULT_LAB_FILE, LabFileError } from './lab-file.ts';

export interface DeviceLab {
  readonly lab: LabFile;
  readonly scenario: Scenario;
  readonly caPem: string;
  readonly domainRealm: DomainRealmMap;
  /** Where the device keeps its state (.ctlab/ beside lab.json, or ./.ctlab). */
  readonly stateDir: string;
  /** Set when the lab runs in this process (--scenario): close it when done. */
  readonly running?: RunningLab;
}

function readLab(path: string): LabFile {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new LabFileError(`${path}: not a readable lab file (${(err as Error).message})`);
  }
  const o = v as Partial<LabFile> | null;
  if (!o || typeof o !== 'object' || typeof o.scenario !== 'string' || typeof o.realm !== 'string' || !o.services || typeof o.services !== 'object') {
    throw new LabFileError(`${path}: expected the object ctlab up writes ({scenario, bind, realm, pid, services})`);
  }
  return { ...o, bind: o.bind ?? '127.0.0.1', pid: o.pid ?? 0, scenario: resolve(dirname(path), '..', o.scenario) } as LabFile;
}

export async function deviceLab(opts: { lab?: string; scenario?: string; cwd?: string }): Promise<DeviceLab> {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.lab !== undefined && opts.scenario !== undefined) throw new UsageError('give --lab FILE or --scenario FILE, not both');
  let lab: LabFile;
  let running: RunningLab | undefined;
  let stateDir: string;
  if (opts.scenario !== undefined) {
    const file = resolve(cwd, opts.scenario);
    if (!existsSync(file)) throw new UsageError(`--scenario ${opts.scenario}: no such file (${file})`);
    running = await startLab(file, { freePorts: true });
    lab = running.labFile();
    stateDir = resolve(cwd, '.ctlab');
  } else {
    const path = resolve(cwd, opts.lab ?? DEFAULT_LAB_FILE);
    if (!existsSync(path)) {
      throw new UsageError(opts.lab !== undefined ? `--lab ${opts.lab}: no such file (${path})` : `no running lab found (${path} is missing): start one with 'ctlab up', or pass --lab FILE or --scenario FILE`);
    }
    lab = readLab(path);
    stateDir = dirname(path);
  }
  const scenario = running ? running.world.scenario : loadScenario(lab.scenario);
  const ca = await LabCa.fromSeed(scenario.seed);
  return {
    lab,
    scenario,
    caPem: ca.pem,
    domainRealm: deviceSettings(scenario).domainRealm,
    stateDir,
    ...(running ? { running } : {}),
  };
}

export { scenarioPassword } from '../device/scenario.ts';
