/** Shared world for the KDC unit tests: test/fixtures/kdc-policy.yaml, keys derived once. */
import { join } from 'node:path';
import { FixedClock } from '../../../../emulator/core/clock.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import type { Account } from '../../../../emulator/directory/model.ts';
import type { KerberosKey } from '../../../../emulator/kerberos/crypto/index.ts';
import { createKdcContext, dispatchKdc, type KdcConfig, type KdcContext, type KdcTraceEvent } from '../../../../emulator/kerberos/kdc/index.ts';
import { KeyTable } from '../../../../emulator/kerberos/keys/keytable.ts';
import { loadWorld } from '../../../../emulator/world.ts';
import { parseReply, type KdcReply } from '../../../../clients/kerberos/index.ts';

export const FIXTURE = join(import.meta.dirname, '../../../fixtures/kdc-policy.yaml');
export const world = loadWorld(FIXTURE);
export const dir = world.directory;
export const keys = KeyTable.build(dir);
export const REALM = 'FABRIKAM.LOCAL';
/** The test clock: after alice's epoch, after `expired`'s accountExpires. */
export const NOW = Date.parse('2025-03-01T12:00:00Z');

export function account(sam: string): Account {
  const a = dir.accountBySam(sam);
  if (!a) throw new Error(`no account ${sam}`);
  return a;
}

export function keyOf(sam: string, etype: number): KerberosKey {
  const k = keys.forAccount(account(sam))?.current.keys.get(etype);
  if (!k) throw new Error(`no ${etype} key for ${sam}`);
  return k;
}

export interface TestKdc {
  ctx: KdcContext;
  clock: FixedClock;
  events: KdcTraceEvent[];
  /** Dispatches directly (no socket) and decodes the reply. */
  send(bytes: Uint8Array, maxReply?: number): KdcReply;
}

export function testKdc(config: Partial<KdcConfig> = {}, seed = 'kdc-test'): TestKdc {
  const clock = new FixedClock(NOW);
  const events: KdcTraceEvent[] = [];
  const ctx = createKdcContext(dir, { keys, clock, rng: new SeededRandom(seed), config, trace: (e) => events.push(e) });
  return {
    ctx,
    clock,
    events,
    send: (bytes, maxReply) => parseReply(dispatchKdc(ctx, bytes, { transport: 'direct', ...(maxReply !== undefined ? { maxReply } : {}) })),
  };
}
