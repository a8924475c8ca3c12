/**
 * `ctlab device register UPN --out DIR [--password P] [--hello] [--lab FILE | --scenario FILE]`:
 * registers a new device in the lab's tenant the way Windows does (DRS token by ROPC, CSR and
 * transport key, optionally a Windows Hello key) and writes its certificate and keys (PEM, PKCS#8)
 * to DIR, so other clients can use it; prints the device and tenant ids.
 */
import { resolve } from 'node:path';
import { UsageError } from '../../../emulator/core/errors.ts';
import { drsToken, registerDevice, registerHello, type RegisteredDevice } from '../../device/entra.ts';
import { entraTarget } from '../../device/signin.ts';
import { parseVerbArgs } from '../args.ts';
import { deviceLab, scenarioPassword } from '../device-lab.ts';
import { writeDeviceDir } from '../device-files.ts';

const USAGE = `usage: ctlab device register UPN --out DIR [--password P] [--hello] [--lab FILE | --scenario FILE]
  writes DIR/device-cert.pem, device-key.pem, transport-key.pem (PKCS#8), hello-key.pem (--hello)
  and device.json; with --scenario only, a missing --password is read from the scenario`;

export async function deviceVerb(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '-h' || sub === '--help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (sub !== 'register') throw new UsageError(`${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`}: expected register\n${USAGE}`);
  const parsed = parseVerbArgs(rest, { out: { type: 'string' }, password: { type: 'string' }, hello: { type: 'boolean' }, lab: { type: 'string' }, scenario: { type: 'string' } }, USAGE, true);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`expected one UPN, got ${positionals.length}\n${USAGE}`);
  const upn = positionals[0];
  if (!values.out) throw new UsageError(`--out DIR is required\n${USAGE}`);
  if (values.password === undefined && values.scenario === undefined) throw new UsageError(`registration needs the user's password (a DRS token by ROPC): pass --password P\n${USAGE}`);
  const env = await deviceLab({ lab: values.lab, scenario: values.scenario });
  try {
    const password = values.password ?? scenarioPassword(env.scenario, upn);
    if (password === undefined) throw new UsageError(`--scenario: ${upn} is not a user of ${env.lab.scenario}; pass --password P`);
    const http = entraTarget(env.lab, env.caPem);
    const fail = (what: string, r: { code: string; fact: string }) => {
      process.stderr.write(`ctlab device register: ${what} failed: ${r.code}: ${r.fact}\n`);
      return 1;
    };
    const tok = await drsToken(http, upn, password);
    if (!tok.ok) return fail('the DRS token', tok);
    const reg = await registerDevice(http, tok.accessToken, { name: env.scenario.client.deviceName, joinType: env.scenario.client.joinType === 'hybrid' ? 6 : 0, domain: env.scenario.domain.dnsName });
    if (!reg.ok) return fail('device registration', reg);
    let device: RegisteredDevice = reg.device;
    if (values.hello) {
      const h = await registerHello(http, tok.accessToken);
      if (!h.ok) return fail('Windows Hello key registration', h);
      device = { ...device, hello: h.hello };
    }
    const dir = resolve(values.out);
    const files = writeDeviceDir(dir, device, upn);
    process.stdout.write(`DeviceId : ${device.deviceId}\nTenantId : ${device.tenantId}\n${device.hello ? `HelloKid : ${device.hello.kid}\n` : ''}wrote ${files.join(', ')} to ${dir}\n`);
    if (env.running) process.stderr.write('ctlab device register: note: the lab of --scenario stops when this command ends, and the registration with it\n');
    return 0;
  } finally {
    await env.running?.close();
  }
}
