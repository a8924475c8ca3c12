import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../../emulator/core/errors.ts';
import { parseVerbArgs } from '../args.ts';
import type { BoundAddress, PortName } from '../../../emulator/core/service.ts';
import { parseAdvertisePorts, parsePort } from '../../../emulator/lab-ports.ts';
import { FileKeyCache } from '../../../emulator/kerberos/keys/key-cache-file.ts';
import { startLab, type LabFile, type RunningLab } from '../../../emulator/lab.ts';
import type { Scenario } from '../../../emulator/scenario/defaults.ts';
import { applyUpOverrides, parseDcAddress, parseOnly } from '../up-overrides.ts';
import { Trace } from '../../../emulator/trace/trace.ts';
import { renderTraceEvent } from '../trace-view.ts';
import { isHealthProbeEvent } from '../../health/marker.ts';
import { DEFAULT_UI_PORT, UI_PORT_ENV, UiServer } from '../../../emulator/ui/server.ts';
import { nextSteps } from '../up-next.ts';
import { uiSignIn } from '../ui-signin.ts';
import { UiDeviceState, uiTools } from '../ui-tools.ts';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_SCENARIO = 'scenarios/multi-upn-suffix.yaml';
export const DEFAULT_READY_FILE = '.ctlab/lab.json';
export const DEFAULT_KEY_CACHE = '.ctlab/key-cache.bin';

const PORT_FLAGS: Record<string, PortName> = {
  'dns-port': 'dns',
  'kdc-port': 'kerberos',
  'ldap-port': 'ldap',
  'gc-port': 'gc',
  'kpasswd-port': 'kpasswd',
  'entra-port': 'entra',
  'entra-http-port': 'entraHttp',
};

export const UP_USAGE = `usage: ctlab up [SCENARIO] [--bind ADDR] [--standard-ports] [--dns-port N] [--kdc-port N]
                [--ldap-port N] [--gc-port N] [--kpasswd-port N] [--entra-port N] [--entra-http-port N]
                [--admin-port N] [--advertise-ports kerberos=N,ldap=N,gc=N,kpasswd=N]
                [--ready-file PATH] [--trace FILE|-] [--quiet] [--key-cache FILE | --no-key-cache]
                [--ui-port N | --no-ui] [--ui-show-secrets] [--ui-bind ADDR]
                [--only SERVICE,...] [--dc-address IP]
  SCENARIO defaults to $CTLAB_SCENARIO, else ${DEFAULT_SCENARIO}. Ports default to the standard port + 10000;
  after \`ready\`, one line per exchange (KDC, LDAP, CLDAP, DNS, Entra, admin) with its verdict and the fact
  that decided it, unless --quiet; --trace writes the same events as JSON lines to FILE (- for
  stdout, instead of the lines); \`ctlab health\` probes are left out of the lines.
  The Kerberos server admin API (ctlab kerberos-server) listens on loopback only, port 10091
  unless --admin-port (0 = any free port).
  --advertise-ports: the ports the DNS SRV records name instead of the bound ones (a lab behind
  a port mapping, e.g. in a container).
  The training page (docs/training-page.md) listens on loopback only, port ${DEFAULT_UI_PORT} unless
  --ui-port (0 = any free port) or ${UI_PORT_ENV} (any free port when every port flag given is 0);
  --no-ui turns it off. Its decoded view masks keys, NT hashes and tokens unless --ui-show-secrets.
  --ui-bind ADDR (or CTLAB_UI_BIND) serves it on ADDR instead (e.g. 0.0.0.0 in a container whose
  port is published to the trainee's loopback): whoever reaches it can flip the lab's switches.
  --only dns,kdc,...: run only these services (dns, kdc, kpasswd, ldap, cldap, gc, entra), for a
  lab split across containers; --dc-address IP: the address the DC locator gives the serving DC
  instead of the scenario's (its container's address). See docs/containers.md.
  Keys are derived from passwords on first use and kept in ${DEFAULT_KEY_CACHE} (mode 0600,
  --key-cache FILE or CTLAB_KEY_CACHE elsewhere), so a restart does not derive them again; --no-key-cache keeps
  them in memory only.
  CTLAB_ADVERTISE_PORTS, CTLAB_BIND, CTLAB_DNS_PORT, CTLAB_KDC_PORT, CTLAB_LDAP_PORT, CTLAB_GC_PORT, CTLAB_KPASSWD_PORT,
  CTLAB_ENTRA_PORT, CTLAB_ENTRA_HTTP_PORT, CTLAB_ADMIN_PORT, CTLAB_ONLY, CTLAB_DC_ADDRESS and CTLAB_READY_FILE set the same from the environment.`;

/** A scenario path as given, else relative to the package (so `npx ctlab up` works anywhere in a clone). */
export function resolveScenarioPath(given: string | undefined): string {
  const p = given ?? DEFAULT_SCENARIO;
  if (existsSync(p)) return resolve(p);
  const inPackage = resolve(PACKAGE_ROOT, p);
  return existsSync(inPackage) ? inPackage : resolve(p);
}

/** `ctlab up`: builds the world, starts every service, writes the ready file, runs until a signal. */
export async function upVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(
    args,
    {
      bind: { type: 'string' },
      'standard-ports': { type: 'boolean' },
      'ready-file': { type: 'string' },
      trace: { type: 'string' },
      'advertise-ports': { type: 'string' },
      quiet: { type: 'boolean' },
      'admin-port': { type: 'string' },
      'key-cache': { type: 'string' },
      'no-key-cache': { type: 'boolean' },
      'ui-port': { type: 'string' },
      'no-ui': { type: 'boolean' },
      'ui-show-secrets': { type: 'boolean' },
      'ui-bind': { type: 'string' },
      only: { type: 'string' },
      'dc-address': { type: 'string' },
      ...Object.fromEntries(Object.keys(PORT_FLAGS).map((f) => [f, { type: 'string' as const }])),
    },
    UP_USAGE,
    true,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`one scenario at most\n${UP_USAGE}`);
  const ports: Partial<Record<PortName, number>> = {};
  for (const [flag, name] of Object.entries(PORT_FLAGS)) {
    const v = (values as Record<string, unknown>)[flag];
    if (typeof v === 'string') ports[name] = parsePort(v, `--${flag}`);
  }
  const advertiseOpt = (values['advertise-ports'] as string | undefined) ?? process.env.CTLAB_ADVERTISE_PORTS;
  const advertisePorts = advertiseOpt
    ? parseAdvertisePorts(advertiseOpt, values['advertise-ports'] !== undefined ? '--advertise-ports' : 'CTLAB_ADVERTISE_PORTS')
    : undefined;
  const scenarioPath = resolveScenarioPath(positionals[0] ?? (process.env.CTLAB_SCENARIO || undefined));
  const traceOpt = values.trace as string | undefined;
  const showLines = !values.quiet && traceOpt !== '-';
  const trace = new Trace({
    keep: 0,
    ...(traceOpt === '-' ? { stream: process.stdout } : traceOpt ? { file: resolve(traceOpt) } : {}),
    ...(showLines ? { onEvent: (e) => void (isHealthProbeEvent(e) || process.stdout.write(`${renderTraceEvent(e)}\n`)) } : {}),
  });

  if (values['no-key-cache'] && values['key-cache'] !== undefined) throw new UsageError(`--key-cache and --no-key-cache exclude each other\n${UP_USAGE}`);
  const keyCache = values['no-key-cache'] ? undefined : new FileKeyCache(resolve((values['key-cache'] as string | undefined) ?? (process.env.CTLAB_KEY_CACHE || DEFAULT_KEY_CACHE)));
  // The training page's port, checked before anything listens: --ui-port, else CTLAB_UI_PORT, else
  // (as the admin port) any free port when every port flag given is 0 (tests, parallel labs), else 10090.
  let uiPort: number | undefined;
  if (values['no-ui'] && values['ui-show-secrets']) throw new UsageError(`--ui-show-secrets and --no-ui exclude each other\n${UP_USAGE}`);
  if (values['no-ui'] && values['ui-port'] !== undefined) throw new UsageError(`--ui-port and --no-ui exclude each other\n${UP_USAGE}`);
  if (values['no-ui'] && values['ui-bind'] !== undefined) throw new UsageError(`--ui-bind and --no-ui exclude each other\n${UP_USAGE}`);
  const uiBindOpt = (values['ui-bind'] as string | undefined) ?? (process.env.CTLAB_UI_BIND || undefined);
  if (uiBindOpt !== undefined && isIP(uiBindOpt) === 0) throw new UsageError(`${values['ui-bind'] !== undefined ? '--ui-bind' : 'CTLAB_UI_BIND'}: expected an IPv4 or IPv6 address to listen on, got ${JSON.stringify(uiBindOpt)}\n${UP_USAGE}`);
  if (!values['no-ui']) {
    const uiPortOpt = values['ui-port'] as string | undefined;
    const fromEnv = process.env[UI_PORT_ENV];
    const allZero = Object.keys(ports).length > 0 && Object.values(ports).every((p) => p === 0);
    uiPort = uiPortOpt !== undefined ? parsePort(uiPortOpt, '--ui-port') : fromEnv ? parsePort(fromEnv, UI_PORT_ENV) : allZero ? 0 : DEFAULT_UI_PORT;
  }
  const onlyOpt = (values.only as string | undefined) ?? (process.env.CTLAB_ONLY || undefined);
  const dcAddressOpt = (values['dc-address'] as string | undefined) ?? (process.env.CTLAB_DC_ADDRESS || undefined);
  const overrides = {
    ...(onlyOpt !== undefined ? { only: parseOnly(onlyOpt, values.only !== undefined ? '--only' : 'CTLAB_ONLY') } : {}),
    ...(dcAddressOpt !== undefined ? { dcAddress: parseDcAddress(dcAddressOpt, values['dc-address'] !== undefined ? '--dc-address' : 'CTLAB_DC_ADDRESS') } : {}),
  };
  const prepare = overrides.only || overrides.dcAddress ? (s: Scenario) => applyUpOverrides(s, overrides) : undefined;
  const readyFile = resolve((values['ready-file'] as string | undefined) ?? process.env.CTLAB_READY_FILE ?? DEFAULT_READY_FILE);
  let uiEndpoints: BoundAddress[] = [];
  // After a restart on another text (PUT /scenario, a fault switch) the running scenario is written
  // beside the ready file, which names it, so verbs that read the scenario (signin, dsregcmd) follow.
  const runningScenario = readyFile.replace(/(\.json)?$/, '.scenario.yaml');
  /** The ready file: the lab's services (after a restart, the new world's), the page's, the scenario path. */
  const writeReady = (l: RunningLab): LabFile => {
    mkdirSync(dirname(readyFile), { recursive: true });
    const tmp = `${readyFile}.${process.pid}.tmp`;
    const labFile = l.labFile();
    for (const e of uiEndpoints) labFile.services.ui = { host: e.host, port: e.port, protocols: ['http'], url: `http://${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}` };
    const now = l.control.current();
    if (!now.original && now.source) writeFileSync(runningScenario, now.source.text);
    else rmSync(runningScenario, { force: true });
    writeFileSync(tmp, JSON.stringify({ ...labFile, scenario: !now.original && now.source ? runningScenario : scenarioPath }, null, 2) + '\n');
    renameSync(tmp, readyFile); // atomic: scripts waiting for the file never read half of it
    return labFile;
  };
  const lab = await startLab(scenarioPath, {
    ...(keyCache ? { keyStore: keyCache } : {}),
    bind: values.bind as string | undefined,
    standardPorts: Boolean(values['standard-ports']),
    ports,
    env: process.env,
    ...(typeof values['admin-port'] === 'string' ? { adminPort: parsePort(values['admin-port'], '--admin-port') } : {}),
    trace,
    ...(advertisePorts ? { advertisePorts } : {}),
    ...(prepare ? { prepare } : {}),
    // A restart (PUT /scenario, a fault switch, a reset) may start or stop services: the ready file follows.
    onRestart: (l) => void writeReady(l),
  });
  let ui: UiServer | undefined;
  if (uiPort !== undefined) {
    const labForDevice = lab.labFile();
    const deviceState = new UiDeviceState();
    ui = new UiServer({
      world: lab.world,
      stores: lab.stores,
      current: () => ({ world: lab.world, stores: lab.stores }),
      trace,
      adminUrl: labForDevice.services.admin!.url!,
      bind: lab.listen.bind,
      port: uiPort,
      signIn: uiSignIn(() => ({ ...lab.labFile(), scenario: scenarioPath }), () => lab.world.scenario, trace, deviceState),
      tools: uiTools(() => lab.labFile(), () => lab.world.scenario, deviceState),
      ...(values['ui-show-secrets'] ? { showSecrets: true } : {}),
      ...(uiBindOpt !== undefined ? { listenOn: uiBindOpt } : {}),
      ...(keyCache ? { keyStore: keyCache } : {}),
    });
    try {
      uiEndpoints = await ui.start();
    } catch (err) {
      await lab.close();
      throw err;
    }
  }
  const { domain } = lab.world.directory;
  process.stdout.write(`scenario ${lab.world.scenario.name} (${scenarioPath}): realm ${domain.realm}\n`);
  for (const e of [...lab.endpoints, ...uiEndpoints]) process.stdout.write(`${e.name.padEnd(12)} ${e.host}:${e.port}\n`);

  const labFile = writeReady(lab);
  process.stdout.write('ready\n');
  if (showLines) process.stdout.write(nextSteps(labFile, lab.world.scenario, scenarioPath, process.cwd()) + '\n');

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await ui?.close();
  await lab.close();
  keyCache?.flush();
  rmSync(readyFile, { force: true });
  rmSync(runningScenario, { force: true });
  process.stdout.write('stopped\n');
  return 0;
}
