/**
 * `ctlab signin UPN [--password P | --hello] [--spn SPN] [--ccache FILE] [--json] ...`: the
 * emulated Windows device signs in with cloud Kerberos trust against the lab (clients/device):
 * each step with its verdict, then the tickets as Windows klist shows them, and on failure the
 * step, the wire error and the fact. Exit 0 signed in, 1 failed, 2 bad usage.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../emulator/core/errors.ts';
import type { TraceEnvelope } from '../../../emulator/trace/envelope.ts';
import { localZone } from '../../admin/klist-format.ts';
import { dsregSummary } from '../../device/dsreg.ts';
import { signIn, type SignInRun } from '../../device/signin.ts';
import { stepEnvelope } from '../../device/steps.ts';
import type { StepResult } from '../../device/types.ts';
import { formatTickets } from '../../device/view.ts';
import { parseVerbArgs } from '../args.ts';
import { renderTraceEvent } from '../trace-view.ts';
import { deviceLab, remoteDeviceLab, scenarioPassword } from '../device-lab.ts';
import { diagnose } from '../../diagnosis/index.ts';
import { readDeviceDir, writeDeviceDir } from '../device-files.ts';

export const SIGNIN_USAGE = `usage: ctlab signin UPN [--password P | --hello] [--spn SPN] [--ccache FILE] [--json]
                    [--trace] [--as-req] [--device DIR] [--hint onPremisesDomainName|upnSuffix] [--lab FILE | --scenario FILE]
       ctlab signin UPN --entra-url URL --scenario FILE [--dns IP[:PORT]] [--ca FILE] [--password P | --hello] ...

  The emulated Windows device signs in with cloud Kerberos trust: device registration, PRT with
  tgt=true, partial TGT, DC locator, full TGT and NT hash (key list), service ticket (--spn).
  --password P    the user's password (the PRT's inner password grant)
  --hello         sign in with a Windows Hello key (provisioned first with the password, or
                  taken from --device DIR when it holds hello-key.pem)
  --spn SPN       also get a service ticket, e.g. cifs/fs1.fabrikam.local
  --ccache FILE   write the full TGT and the service ticket as an MIT ccache
  --json          print the steps as trace envelopes (one JSON object per line)
  --trace         also print every exchange of the device (DNS, CLDAP ping, Kerberos) to stderr
  --as-req        also run the plain password AS exchange, for comparison
  --device DIR    use a device registered with 'ctlab device register UPN --out DIR'; without
                  it, the device registered by an earlier sign-in against the same running lab
                  (.ctlab/device/) is used again, as a joined Windows device stays registered
  --hint H        the DC-locator hint (default: the scenario's client.dcLocatorHint)
  --lab FILE      the running lab's ready file (default .ctlab/lab.json)
  --scenario FILE start the scenario's lab in this process on free ports; in this mode only, a
                  missing --password is read from the scenario
  --entra-url URL client mode, for a device on a network where the lab runs elsewhere (compose):
                  the token endpoint at URL (e.g. https://login.microsoftonline.com, its name
                  resolved by the system resolver), the DC found through DNS at --dns (default:
                  the first nameserver of /etc/resolv.conf); --scenario FILE then only names the
                  lab's scenario (realm, client settings, lab CA) and starts no lab; --ca FILE
                  trusts that CA certificate instead of the one derived from the scenario seed
  Exit 0 signed in, 1 the sign-in failed, 2 bad usage.`;

const pad = (s: string, n: number) => s.padEnd(n);

export function formatSteps(steps: readonly StepResult[]): string {
  return steps.map((s) => `  ${pad(s.step, 14)} ${pad(s.verdict === 'error' ? `${s.code ?? 'error'}` : s.verdict, 22)} ${s.fact ?? ''}`).join('\n');
}

export function formatSignIn(upn: string, r: SignInRun, diagnosis: readonly string[] = []): string {
  const out = [`Cloud Kerberos trust sign-in of ${upn}`, '', formatSteps(r.steps), ''];
  if (r.failure) {
    const f = r.failure;
    out.push(`Sign-in FAILED at ${f.step}: ${f.code ?? 'error'}${f.wire !== undefined ? ` (${f.wire})` : ''}`, `  ${f.fact ?? ''}`, ...diagnosis, '');
  } else out.push('Signed in.', '');
  out.push(formatTickets(r.tickets, localZone));
  return out.join('\n');
}

export async function signinVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(
    args,
    {
      password: { type: 'string' },
      hello: { type: 'boolean' },
      spn: { type: 'string' },
      ccache: { type: 'string' },
      json: { type: 'boolean' },
      trace: { type: 'boolean' },
      'as-req': { type: 'boolean' },
      device: { type: 'string' },
      hint: { type: 'string' },
      lab: { type: 'string' },
      scenario: { type: 'string' },
      'entra-url': { type: 'string' },
      dns: { type: 'string' },
      ca: { type: 'string' },
    },
    SIGNIN_USAGE,
    true,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`expected one UPN, got ${positionals.length}\n${SIGNIN_USAGE}`);
  const upn = positionals[0];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(upn)) throw new UsageError(`'${upn}' is not a UPN (user@suffix)`);
  if (values.hint !== undefined && values.hint !== 'onPremisesDomainName' && values.hint !== 'upnSuffix') throw new UsageError(`--hint: expected onPremisesDomainName or upnSuffix, got '${values.hint}'`);
  if (values.ccache === '') throw new UsageError('--ccache needs a file name');
  if (values.spn !== undefined && !/^[^/\s]+\/[^/\s]+/.test(values.spn)) throw new UsageError(`--spn: expected service/host, got '${values.spn}'`);
  const stored = values.device !== undefined ? await readDeviceDir(values.device) : undefined;
  const hasHelloKey = stored?.device.hello !== undefined;
  const remote = values['entra-url'] !== undefined;
  if (!remote && (values.dns !== undefined || values.ca !== undefined)) throw new UsageError(`--dns and --ca go with --entra-url (client mode)\n${SIGNIN_USAGE}`);
  if (remote && values.lab !== undefined) throw new UsageError(`--entra-url and --lab exclude each other\n${SIGNIN_USAGE}`);
  if (remote && values.password === undefined && !values.hello && !stored) throw new UsageError(`no password: client mode (--entra-url) needs --password P (or --hello with --device DIR)\n${SIGNIN_USAGE}`);
  if (values.password === undefined && values.scenario === undefined && !values.hello) {
    throw new UsageError(`no password: pass --password P (or --hello, or --scenario FILE to take it from the scenario)\n${SIGNIN_USAGE}`);
  }
  const helloWithoutKey = '--hello needs a password to provision the Windows Hello key (--password P), or a device that holds one (--device DIR with hello-key.pem, or an earlier --hello sign-in of this user against this lab)';
  if (values.hello && values.password === undefined && values.scenario === undefined && stored && !hasHelloKey) throw new UsageError(helloWithoutKey);

  const env = remote
    ? await remoteDeviceLab({ entraUrl: values['entra-url'] as string, scenario: values.scenario, ...(values.dns !== undefined ? { dns: values.dns } : {}), ...(values.ca !== undefined ? { caFile: values.ca } : {}) })
    : await deviceLab({ lab: values.lab, scenario: values.scenario });
  try {
    // The device this lab registered on an earlier sign-in (lab.json mode): a joined device stays
    // registered. Its Hello key is the user's who provisioned it, so another user leaves it out.
    const cacheDir = join(env.stateDir, 'device');
    let cached: Awaited<ReturnType<typeof readDeviceDir>> | undefined;
    if (!stored && !env.running && !env.remote && existsSync(join(cacheDir, 'device.json'))) {
      const c = await readDeviceDir(cacheDir).catch(() => undefined);
      if (c && c.labPid === env.lab.pid && c.device.tenantId !== '') {
        const { hello, ...rest } = c.device;
        cached = { ...c, device: c.upn?.toLowerCase() === upn.toLowerCase() && hello ? c.device : rest };
      }
    }
    const device = stored?.device ?? cached?.device;
    if (values.hello && values.password === undefined && !env.running && !device?.hello) throw new UsageError(helloWithoutKey);
    let password = values.password;
    if (password === undefined && env.running && !(values.hello && hasHelloKey)) {
      password = scenarioPassword(env.scenario, upn);
      if (password === undefined) throw new UsageError(`--scenario: ${upn} is not a user of ${env.lab.scenario}, so its password is unknown; pass --password P`);
    }
    const client = env.scenario.client;
    const json = values.json === true;
    const r = await signIn({
      lab: env.lab,
      upn,
      ...(password !== undefined ? { password } : {}),
      ...(values.hello ? { hello: true } : {}),
      ...(values.spn ? { spn: values.spn } : {}),
      caPem: env.caPem,
      dcLocatorHint: (values.hint as 'onPremisesDomainName' | 'upnSuffix' | undefined) ?? client.dcLocatorHint,
      ...(values['as-req'] ? { alsoAsReq: true } : {}),
      ...(device ? { device } : {}),
      domainRealm: env.domainRealm,
      deviceName: client.deviceName,
      joinType: client.joinType,
      ...(values.trace ? { trace: (e: TraceEnvelope) => void process.stderr.write(renderTraceEvent({ ...e }) + '\n') } : {}),
    });
    if (json) for (const s of r.steps) process.stdout.write(JSON.stringify(stepEnvelope(s, Date.now()) satisfies TraceEnvelope) + '\n');
    else {
      // The scenario settings behind a failure (clients/diagnosis), one line each.
      const d = r.failure ? diagnose(env.scenario, upn, r.failure, values.spn).findings.map((x) => `  scenario setting: ${x.setting} = ${JSON.stringify(x.value)}: ${x.why}`) : [];
      process.stdout.write(formatSignIn(upn, r, d) + '\n');
    }
    if (values.ccache) {
      if (r.ccache) {
        writeFileSync(values.ccache, r.ccache, { mode: 0o600 });
        if (!json) process.stdout.write(`wrote ${r.held.length} ticket(s) to ${values.ccache}\n`);
      } else process.stderr.write(`ctlab signin: no full TGT was obtained, ${values.ccache} not written\n`);
    }
    if (!stored && !env.running && !env.remote && r.device && r.device !== device) writeDeviceDir(cacheDir, r.device, upn, { labPid: env.lab.pid });
    const summary = dsregSummary(r, { upn, at: Date.now(), deviceName: client.deviceName, domainName: env.scenario.domain.dnsName, joinType: client.joinType });
    mkdirSync(env.stateDir, { recursive: true });
    writeFileSync(join(env.stateDir, 'last-signin.json'), JSON.stringify(summary, null, 2) + '\n');
    return r.ok ? 0 : 1;
  } finally {
    await env.running?.close();
  }
}
