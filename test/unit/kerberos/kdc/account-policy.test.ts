/**
 * The shared account-policy check (MS-KILE 3.3.5.7.1) the AS and RODC exchanges both call: one
 * table of accounts, each with the code and NTSTATUS e-data AD sends, and the split the AS
 * exchange relies on (restrictions alone never reject a password).
 */
import { describe, expect, it } from 'vitest';
import { KrbError } from '../../../../emulator/core/errors.ts';
import { checkAccountPolicy, checkAccountRestrictions, checkPasswordCurrent } from '../../../../emulator/kerberos/kdc/account-policy.ts';
import { createKdcContext, ExchangeRecord, ntStatusEData, NTSTATUS } from '../../../../emulator/kerberos/kdc/index.ts';
import { KeyTable } from '../../../../emulator/kerberos/keys/keytable.ts';
import { parseScenarioText } from '../../../../emulator/scenario/load.ts';
import { buildWorld } from '../../../../emulator/world.ts';

const world = buildWorld(
  parseScenarioText(
    `
domain:
  dnsName: fabrikam.local
  passwordPolicy: { maxPasswordAgeDays: 30 }
epoch: 2025-01-01T00:00:00Z
users:
  - { sam: fine, passwordNeverExpires: true }
  - { sam: recent, pwdLastSet: 2025-02-20T00:00:00Z }
  - { sam: aged, pwdLastSet: 2025-01-01T00:00:00Z }
  - { sam: mustchange, passwordExpired: true }
  - { sam: disabled, enabled: false, passwordExpired: true }
  - { sam: locked, locked: true }
  - { sam: expired, accountExpires: 2025-02-01T00:00:00Z }
`,
    'account-policy.yaml',
  ),
);
const NOW = Date.parse('2025-03-01T12:00:00Z');
const ctx = createKdcContext(world.directory, { keys: KeyTable.build(world.directory) });

function outcome(f: () => unknown): { code: string; eData?: string } | 'ok' {
  try {
    f();
    return 'ok';
  } catch (err) {
    if (!(err instanceof KrbError)) throw err;
    return { code: err.code, ...(err.eData ? { eData: Buffer.from(err.eData).toString('hex') } : {}) };
  }
}
const status = (s: number) => Buffer.from(ntStatusEData(s)).toString('hex');
const acct = (sam: string) => world.directory.accountBySam(sam)!;
const ex = () => new ExchangeRecord('AS', { transport: 'direct' });

const TABLE = [
  { sam: 'fine', expect: 'ok' as const },
  { sam: 'recent', expect: 'ok' as const },
  { sam: 'aged', expect: { code: 'KDC_ERR_KEY_EXPIRED', eData: status(NTSTATUS.STATUS_PASSWORD_EXPIRED) } },
  { sam: 'mustchange', expect: { code: 'KDC_ERR_KEY_EXPIRED', eData: status(NTSTATUS.STATUS_PASSWORD_MUST_CHANGE) } },
  // Restrictions come first: a disabled account with an expired password is CLIENT_REVOKED.
  { sam: 'disabled', expect: { code: 'KDC_ERR_CLIENT_REVOKED', eData: status(NTSTATUS.STATUS_ACCOUNT_DISABLED) } },
  { sam: 'locked', expect: { code: 'KDC_ERR_CLIENT_REVOKED', eData: status(NTSTATUS.STATUS_ACCOUNT_LOCKED_OUT) } },
  { sam: 'expired', expect: { code: 'KDC_ERR_CLIENT_REVOKED', eData: status(NTSTATUS.STATUS_ACCOUNT_EXPIRED) } },
];

describe('account policy (shared by the AS and RODC exchanges)', () => {
  it.each(TABLE)('$sam', ({ sam, expect: want }) => {
    const e = ex();
    expect(outcome(() => checkAccountPolicy(ctx, acct(sam), NOW, e))).toEqual(want);
    expect(e.fact === undefined).toBe(want === 'ok');
  });

  it('restrictions alone pass an expired password; the password check then rejects it', () => {
    for (const sam of ['aged', 'mustchange']) {
      const st = checkAccountRestrictions(ctx, acct(sam), NOW, ex());
      expect(st.passwordExpired).toBe(true);
      expect(outcome(() => checkPasswordCurrent(acct(sam), st, ex()))).toMatchObject({ code: 'KDC_ERR_KEY_EXPIRED' });
    }
  });

  it('the password ages with the clock: fine before maxPwdAge, expired after', () => {
    const a = acct('aged');
    const setAt = Date.parse('2025-01-01T00:00:00Z');
    expect(outcome(() => checkAccountPolicy(ctx, a, setAt + 29 * 86_400_000, ex()))).toBe('ok');
    expect(outcome(() => checkAccountPolicy(ctx, a, setAt + 30 * 86_400_000, ex()))).toMatchObject({ code: 'KDC_ERR_KEY_EXPIRED' });
  });
});
