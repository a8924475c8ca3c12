/**
 * A registered device on disk, for other clients (roadtx-style scripts, a team's own tests) and
 * for `ctlab signin --device DIR`: device-cert.pem (the certificate the DRS issued),
 * device-key.pem and transport-key.pem (PKCS#8 PEM), hello-key.pem when a Windows Hello key was
 * provisioned, device.json (device id, tenant id, the user, the Hello key id; no secrets).
 * `ctlab signin` keeps the device it registered in .ctlab/device/ (with the lab's pid) and signs in
 * with it again while that lab runs, as a joined Windows device does.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../emulator/core/errors.ts';
import type { RegisteredDevice } from '../device/entra.ts';
import { importRsaKey, pkcs8Pem } from '../device/keys.ts';

const certPem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

export function writeDeviceDir(dir: string, d: RegisteredDevice, upn: string, extra: { labPid?: number } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string, number][] = [
    ['device-cert.pem', certPem(d.certificate), 0o644],
    ['device-key.pem', pkcs8Pem(d.deviceKey), 0o600],
    ['transport-key.pem', pkcs8Pem(d.transportKey), 0o600],
    ...(d.hello ? ([['hello-key.pem', pkcs8Pem(d.hello.key), 0o600]] as [string, string, number][]) : []),
    ['device.json', JSON.stringify({ deviceId: d.deviceId, tenantId: d.tenantId, upn, ...(d.hello ? { helloKid: d.hello.kid } : {}), ...extra }, null, 2) + '\n', 0o644],
  ];
  for (const [name, text, mode] of files) writeFileSync(join(dir, name), text, { mode });
  return files.map(([n]) => n);
}

export async function readDeviceDir(dir: string): Promise<{ device: RegisteredDevice; upn?: string; labPid?: number }> {
  const need = ['device.json', 'device-cert.pem', 'device-key.pem', 'transport-key.pem'];
  const missing = need.filter((n) => !existsSync(join(dir, n)));
  if (missing.length) throw new UsageError(`--device ${dir}: missing ${missing.join(', ')} (write it with 'ctlab device register UPN --out ${dir}')`);
  let meta: { deviceId?: unknown; tenantId?: unknown; upn?: unknown; helloKid?: unknown; labPid?: unknown };
  try {
    meta = JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8'));
  } catch (err) {
    throw new UsageError(`--device ${dir}: device.json is not JSON (${(err as Error).message})`);
  }
  if (typeof meta.deviceId !== 'string') throw new UsageError(`--device ${dir}: device.json has no deviceId`);
  const pem = readFileSync(join(dir, 'device-cert.pem'), 'utf8');
  const b64 = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!b64) throw new UsageError(`--device ${dir}: device-cert.pem holds no certificate`);
  const hello = typeof meta.helloKid === 'string' && existsSync(join(dir, 'hello-key.pem')) ? { kid: meta.helloKid, key: await importRsaKey(readFileSync(join(dir, 'hello-key.pem'), 'utf8')) } : undefined;
  const device: RegisteredDevice = {
    deviceId: meta.deviceId,
    tenantId: typeof meta.tenantId === 'string' ? meta.tenantId : '',
    certificate: new Uint8Array(Buffer.from(b64.replace(/\s+/g, ''), 'base64')),
    deviceKey: await importRsaKey(readFileSync(join(dir, 'device-key.pem'), 'utf8')),
    transportKey: await importRsaKey(readFileSync(join(dir, 'transport-key.pem'), 'utf8')),
    ...(hello ? { hello } : {}),
  };
  return { device, ...(typeof meta.upn === 'string' ? { upn: meta.upn } : {}), ...(typeof meta.labPid === 'number' ? { labPid: meta.labPid } : {}) };
}
