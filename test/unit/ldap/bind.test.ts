import { describe, expect, it } from 'vitest';
import { LdapError } from '../../../emulator/core/errors.ts';
import { utf8 } from '../../../emulator/core/bytes.ts';
import { simpleBind, resolveBindName } from '../../../emulator/ldap/bind.ts';
import { BIND_DATA } from '../../../emulator/ldap/diagnostics.ts';
import { accountStates, multi } from './helpers.ts';

/** The `data` field of AD's AcceptSecurityContext diagnostic: a protocol field clients parse. */
const dataOf = (e: LdapError) => /data ([0-9a-f]{3}),/.exec(e.diagnostic)?.[1];

function bindError(fn: () => unknown): LdapError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LdapError) return e;
    throw e;
  }
  throw new Error('bind succeeded');
}

const NOW = Date.UTC(2024, 0, 10); // nine days after the scenario epoch

describe('bind name forms (MS-ADTS 5.1.1.1.1)', () => {
  const d = multi();
  const alice = d.accountBySam('alice')!;
  it.each([
    ['CN=alice,CN=Users,DC=fabrikam,DC=local'],
    ['cn=ALICE, cn=users, dc=fabrikam, dc=local'],
    ['alice@contoso.com'],
    ['ALICE@CONTOSO.COM'],
    ['alice@fabrikam.local'],
    ['FABRIKAM\\alice'],
    ['fabrikam\\ALICE'],
    ['fabrikam.local\\alice'],
    ['alice'],
  ])('%s names alice', (name) => {
    expect(resolveBindName(d, name)?.dn).toBe(alice.dn);
  });
  it.each([['alice@east.contoso.com'], ['OTHER\\alice'], ['CN=Domain Admins,CN=Users,DC=fabrikam,DC=local'], ['nobody'], ['bob@contoso.com']])('%s names nobody', (name) => {
    expect(resolveBindName(d, name)).toBeUndefined();
  });
  it('bob binds with his east.contoso.com UPN and a computer with its sAMAccountName', () => {
    expect(resolveBindName(d, 'bob@east.contoso.com')?.samAccountName).toBe('bob');
    expect(resolveBindName(d, 'FABRIKAM\\FS1$')?.samAccountName).toBe('FS1$');
  });
});

describe('simple bind results', () => {
  const d = multi();
  it('the right password binds as the account', () => {
    const r = simpleBind(d, 'alice@contoso.com', utf8('Alice-Passw0rd!'), NOW);
    expect(r.anonymous).toBe(false);
    expect(r.anonymous ? undefined : r.account.samAccountName).toBe('alice');
  });
  it('empty password is anonymous (unauthenticated bind), as AD allows by default', () => {
    expect(simpleBind(d, 'alice@contoso.com', new Uint8Array(0), NOW).anonymous).toBe(true);
    expect(simpleBind(d, '', new Uint8Array(0), NOW).anonymous).toBe(true);
  });
  it('a wrong password is invalidCredentials with data 52e', () => {
    const e = bindError(() => simpleBind(d, 'alice@contoso.com', utf8('nope'), NOW));
    expect(e.resultCode).toBe(49);
    expect(dataOf(e)).toBe('52e');
  });
  it('an unknown user is invalidCredentials with data 525', () => {
    const e = bindError(() => simpleBind(d, 'nobody@contoso.com', utf8('x'), NOW));
    expect(e.resultCode).toBe(49);
    expect(dataOf(e)).toBe(BIND_DATA.noSuchUser);
  });
  it('passwords are case-sensitive', () => {
    expect(dataOf(bindError(() => simpleBind(d, 'alice@contoso.com', utf8('alice-passw0rd!'), NOW)))).toBe('52e');
  });
});

describe('account states give AD data codes', () => {
  const d = accountStates();
  it.each([
    ['ok', 'Ok-Passw0rd!', undefined],
    ['off', 'Off-Passw0rd!', '533'],
    ['gone', 'Gone-Passw0rd!', '701'],
    ['reset', 'Reset-Passw0rd!', '773'],
    ['locked', 'Locked-Passw0rd!', '775'],
    ['locked', 'wrong', '775'],
    ['off', 'wrong', '52e'],
  ])('%s with %s', (sam, pw, data) => {
    if (data === undefined) {
      expect(simpleBind(d, `FABRIKAM\\${sam}`, utf8(pw), NOW).anonymous).toBe(false);
      return;
    }
    const e = bindError(() => simpleBind(d, `FABRIKAM\\${sam}`, utf8(pw), NOW));
    expect(e.resultCode).toBe(49);
    expect(dataOf(e)).toBe(data);
  });
  it('maxPwdAge 30 days: fine after 9 days, 532 after 31', () => {
    expect(simpleBind(d, 'FABRIKAM\\old', utf8('Old-Passw0rd!'), NOW).anonymous).toBe(false);
    const e = bindError(() => simpleBind(d, 'FABRIKAM\\old', utf8('Old-Passw0rd!'), Date.UTC(2024, 1, 2)));
    expect(dataOf(e)).toBe('532');
  });
});
