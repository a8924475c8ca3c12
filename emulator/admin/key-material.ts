/**
 * The key a rotation (or a `set` that creates krbtgt_AzureAD) gives: a password derived from the
 * scenario seed, the RODC number, the new key version and the lab's rotation serial, so a test
 * that runs the same admin commands gets the same keys, while two one-sided rotations to the same
 * version (cloud-only, then on-prem-only) still give two different keys, as two real rotations do.
 * `ctlab keytab` re-derives it from what GET /kerberos-server reports (serial and version), so no
 * key ever crosses the admin API.
 */
import type { KeyMaterial } from '../directory/model.ts';
import { derivedPassword } from '../scenario/defaults.ts';

export function rotationPassword(seed: string, rodcNumber: number, keyVersion: number, serial: number): string {
  return derivedPassword(seed, `krbtgt_${rodcNumber}:rotation:${serial}:v${keyVersion}`);
}

export function rotationMaterial(seed: string, rodcNumber: number, keyVersion: number, serial: number): KeyMaterial {
  return Object.freeze({ kvno: keyVersion, password: rotationPassword(seed, rodcNumber, keyVersion, serial) });
}
