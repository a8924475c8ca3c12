// What the two key-rotation scenarios claim in their header comments, checked on a lab on free
// ports with the emulated device: after one out-of-band rotation the DC opens the partial TGT with
// krbtgt_AzureAD's previous key (the KDC trace says rodcKey: previous); after two it holds neither
// key and answers KRB_AP_ERR_BAD_INTEGRITY.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signIn } from '../../../clients/device/index.ts';
import { startLab } from '../../../emulator/lab.ts';
import { Trace } from '../../../emulator/trace/trace.ts';

const DIR = join(import.meta.dirname, '../../../scenarios');

async function exchange(file: string) {
  const trace = new Trace({ keep: 500 });
  const lab = await startLab(join(DIR, file), { freePorts: true, trace });
  try {
    const r = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', password: 'Alice-Passw0rd!' });
    const tgs = trace.events().filter((e) => e.service === 'kdc' && e.step === 'TGS' && (e.detail as { presentedKvno?: number } | undefined)?.presentedKvno !== undefined);
    return { r, tgs };
  } finally {
    await lab.close();
  }
}

describe('krbtgt_AzureAD rotated on-premises only', () => {
  it('once: the full TGT is issued, opened with the previous (N-1) key', async () => {
    const { r, tgs } = await exchange('key-rotated-once-out-of-band.yaml');
    expect(r.steps.find((s) => s.step === 'fullTgt')?.verdict).toBe('ok');
    expect(tgs.map((e) => [e.verdict, (e.detail as Record<string, unknown>).rodcKey, (e.detail as Record<string, unknown>).rodcKeyGeneration])).toEqual([['ok', 'previous', 2]]);
  }, 30_000);
  it('twice: KRB_AP_ERR_BAD_INTEGRITY, and no key of the account opened it', async () => {
    const { r, tgs } = await exchange('key-rotated-on-prem-only.yaml');
    expect([r.failure?.step, r.failure?.code]).toEqual(['fullTgt', 'KRB_AP_ERR_BAD_INTEGRITY']);
    expect(tgs.map((e) => [e.verdict, e.code, (e.detail as Record<string, unknown>).rodcKey])).toEqual([['error', 'KRB_AP_ERR_BAD_INTEGRITY', undefined]]);
  }, 30_000);
});
