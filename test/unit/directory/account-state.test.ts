import { describe, expect, it } from 'vitest';
import { accountState } from '../../../emulator/directory/account-state.ts';
import { fromText } from './fixture.ts';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const DAY = 86_400_000;

const text = (policy: string) => `
epoch: 2024-01-01T00:00:00Z
domain:
  dnsName: x.local
${policy}
users:
  - { sam: ok }
  - { sam: off, enabled: false }
  - { sam: locked, locked: true, lockoutTime: "2024-01-10T00:00:00Z" }
  - { sam: gone, accountExpires: "2024-02-01T00:00:00Z" }
  - { sam: change, passwordExpired: true }
  - { sam: aged, pwdLastSet: "2024-01-01T00:00:00Z" }
  - { sam: forever, pwdLastSet: "2024-01-01T00:00:00Z", passwordNeverExpires: true }
`;

describe('account state', () => {
  it('reports enabled, disabled, account expiry and must-change', () => {
    const d = fromText(text(''));
    const at = (sam: string, t: number) => accountState(d.domain, d.accountBySam(sam)!, t);
    expect(at('ok', T0 + DAY)).toEqual({ enabled: true, locked: false, accountExpired: false, mustChangePassword: false, passwordExpired: false, passwordExpiresAt: null });
    expect(at('off', T0).enabled).toBe(false);
    expect(at('gone', Date.parse('2024-01-31T23:59:59Z')).accountExpired).toBe(false);
    expect(at('gone', Date.parse('2024-02-01T00:00:00Z')).accountExpired).toBe(true);
    expect(at('change', T0)).toMatchObject({ mustChangePassword: true, passwordExpired: true });
  });

  it('keeps an account locked until an admin unlocks when lockoutDuration is 0 (the default)', () => {
    const d = fromText(text(''));
    expect(accountState(d.domain, d.accountBySam('locked')!, T0 + 365 * DAY).locked).toBe(true);
  });

  it('unlocks after lockoutDuration and expires passwords after maxPwdAge', () => {
    const d = fromText(text('  passwordPolicy: { lockoutDurationMinutes: 30, maxPasswordAgeDays: 42 }'));
    const lockedAt = Date.parse('2024-01-10T00:00:00Z');
    expect(accountState(d.domain, d.accountBySam('locked')!, lockedAt + 29 * 60_000).locked).toBe(true);
    expect(accountState(d.domain, d.accountBySam('locked')!, lockedAt + 30 * 60_000).locked).toBe(false);
    const aged = d.accountBySam('aged')!;
    expect(accountState(d.domain, aged, T0 + 41 * DAY).passwordExpired).toBe(false);
    expect(accountState(d.domain, aged, T0 + 42 * DAY)).toMatchObject({ passwordExpired: true, mustChangePassword: false, passwordExpiresAt: T0 + 42 * DAY });
    expect(accountState(d.domain, d.accountBySam('forever')!, T0 + 400 * DAY).passwordExpired).toBe(false);
    // Machine and krbtgt passwords are not aged by maxPwdAge.
    expect(accountState(d.domain, d.krbtgt, T0 + 400 * DAY).passwordExpired).toBe(false);
    expect(accountState(d.domain, d.dcs[0].computer, T0 + 400 * DAY).passwordExpired).toBe(false);
  });
});
