/**
 * `ctlab up`'s readable trace lines: each service's events (shaped as the services emit them,
 * see test/interop/lab-up.test.ts for the real process) render to one exact line.
 */
import { describe, expect, it } from 'vitest';
import { renderTraceEvent } from '../../../clients/cli/trace-view.ts';
import { dnsEnvelope } from '../../../emulator/dns/trace.ts';
import { cldapEnvelope, ldapEnvelope } from '../../../emulator/ldap/trace.ts';

const T = Date.UTC(2026, 10, 25, 15, 47, 23, 66);

describe('renderTraceEvent', () => {
  it.each([
    [
      'a KDC error: code, wire number and the deciding fact',
      { service: 'kdc', t: T, exchange: 'AS', verdict: 'error', code: 'KDC_ERR_PREAUTH_FAILED', wire: 24, client: 'alice@FABRIKAM.LOCAL', server: 'krbtgt/FABRIKAM.LOCAL@FABRIKAM.LOCAL', fact: 'wrong password' },
      '15:47:23.066 kdc   AS  alice@FABRIKAM.LOCAL -> krbtgt/FABRIKAM.LOCAL@FABRIKAM.LOCAL  KDC_ERR_PREAUTH_FAILED (24): wrong password',
    ],
    [
      'a KDC success with the ticket enctype',
      { service: 'kdc', t: T, exchange: 'TGS', verdict: 'ok', client: 'a@R', server: 'cifs/h@R', ticketEtype: 17, fact: 'issued' },
      '15:47:23.066 kdc   TGS a@R -> cifs/h@R  ok, aes128-cts-hmac-sha1-96: issued',
    ],
    [
      'a KDC transport refusal',
      { service: 'kdc', t: T, exchange: 'transport', verdict: 'error', code: 'KRB_ERR_FIELD_TOOLONG', wire: 61, transport: 'tcp', peer: '127.0.0.1:5' },
      '15:47:23.066 kdc   transport tcp from 127.0.0.1:5  KRB_ERR_FIELD_TOOLONG (61)',
    ],
    [
      'an Entra refusal: AADSTS code name, number, HTTP status and the fact',
      { service: 'entra', t: T, step: 'prt', verdict: 'error', code: 'AADSTS50126', wire: 50126, fact: 'wrong password for alice@contoso.com', detail: { httpStatus: 400, method: 'POST', path: '/common/oauth2/token' } },
      '15:47:23.066 entra prt POST /common/oauth2/token  AADSTS50126 (50126, HTTP 400): wrong password for alice@contoso.com',
    ],
    [
      'an Entra success',
      { service: 'entra', t: T, step: 'srv_challenge', verdict: 'ok', fact: 'nonce issued', detail: { httpStatus: 200, method: 'POST', path: '/common/oauth2/token' } },
      '15:47:23.066 entra srv_challenge POST /common/oauth2/token  ok: nonce issued',
    ],
    [
      'a DNS answer',
      { service: 'dns', t: T, transport: 'udp', kind: 'query', name: '_ldap._tcp.dc._msdcs.fabrikam.local', type: 'SRV', rcode: 'NOERROR', answers: 1, truncated: false },
      '15:47:23.066 dns   udp SRV _ldap._tcp.dc._msdcs.fabrikam.local  NOERROR, 1 answer',
    ],
    [
      'a truncated DNS answer under a fault',
      { service: 'dns', t: T, transport: 'udp', kind: 'query', name: 'x.fabrikam.local', type: 'SRV', rcode: 'NOERROR', answers: 0, truncated: true, fault: 'delay', delayMs: 300 },
      '15:47:23.066 dns   udp SRV x.fabrikam.local  NOERROR, 0 answers, truncated (TC), fault delay 300 ms',
    ],
    [
      'a dropped DNS query',
      { service: 'dns', t: T, transport: 'tcp', kind: 'query', name: 'x.fabrikam.local', type: 'A', rcode: null, answers: 0, truncated: false, fault: 'drop' },
      '15:47:23.066 dns   tcp A x.fabrikam.local  no reply (fault drop)',
    ],
    [
      'a failed LDAP bind with its AD data code',
      { service: 'ldap', t: T, listener: 'ldap', connection: 2, messageId: 1, op: 'bindRequest', dn: 'alice@contoso.com', resultCode: 49, entries: 0, bindData: '52e' },
      '15:47:23.066 ldap  #2 bind alice@contoso.com  invalidCredentials (49), data 52e',
    ],
    [
      'an LDAP search on the global catalog',
      { service: 'ldap', t: T, listener: 'gc', connection: 3, messageId: 2, op: 'searchRequest', dn: 'DC=fabrikam,DC=local', filter: '(cn=krbtgt*)', scope: 2, resultCode: 0, entries: 2 },
      '15:47:23.066 ldap  gc#3 search "DC=fabrikam,DC=local" sub (cn=krbtgt*)  success (0), 2 entries',
    ],
    [
      'an answered CLDAP ping with its flags',
      { service: 'cldap', t: T, transport: 'udp', kind: 'ping', answered: true, form: 'ex', opcode: 23, flags: 0x3f3fd, dnsDomain: 'fabrikam.local' },
      '15:47:23.066 cldap ping fabrikam.local  answered (ex, opcode 23), flags 0x0003f3fd',
    ],
    [
      'an unanswered CLDAP ping with the reason',
      { service: 'cldap', t: T, transport: 'udp', kind: 'ping', answered: false, reason: 'wrong-domain', dnsDomain: 'other.example', user: 'bob' },
      '15:47:23.066 cldap ping other.example user bob  not answered: wrong-domain',
    ],
    [
      'a kpasswd refusal with its RFC 3244 result code',
      { service: 'kpasswd', t: T, exchange: 'kpasswd', verdict: 'error', code: 'KRB5_KPASSWD_HARDERROR', wire: 2, client: 'alice@FABRIKAM.LOCAL', server: 'kadmin/changepw@FABRIKAM.LOCAL', fact: 'not changed' },
      '15:47:23.066 kpasswd alice@FABRIKAM.LOCAL -> kadmin/changepw@FABRIKAM.LOCAL  KRB5_KPASSWD_HARDERROR (2): not changed',
    ],
    [
      'an admin change: the envelope',
      { service: 'admin', t: T, step: 'rotate', verdict: 'ok', fact: 'rotated krbtgt_AzureAD\'s key, cloud only: CloudKeyVersion 2 -> 3', detail: { keyVersion: 2, cloudKeyVersion: 3 } },
      '15:47:23.066 admin rotate  ok: rotated krbtgt_AzureAD\'s key, cloud only: CloudKeyVersion 2 -> 3',
    ],
    [
      'an admin refusal: code, wire (HTTP status) and fact',
      { service: 'admin', t: T, step: 'rotate', verdict: 'error', code: 'ROTATION_TOO_SOON', wire: 409, fact: 'once per 24 hours' },
      '15:47:23.066 admin rotate  ROTATION_TOO_SOON (409): once per 24 hours',
    ],
    [
      'a service without a renderer but with the envelope',
      { service: 'device', t: T, step: 'prt', verdict: 'error', code: 'AADSTS50126', wire: 50126, fact: 'wrong password' },
      '15:47:23.066 device prt  AADSTS50126 (50126): wrong password',
    ],
    [
      'a service without a renderer: its fields',
      { service: 'device', t: T, op: 'rotate', status: 400 },
      '15:47:23.066 device op=rotate status=400',
    ],
  ])('%s', (_what, event, line) => {
    expect(renderTraceEvent(event)).toBe(line);
  });

  it('LDAP, CLDAP and DNS events carried in the envelope (as the services now emit them) render the same lines', () => {
    const ldap = { listener: 'ldap' as const, connection: 2, messageId: 1, op: 'bindRequest' as const, dn: 'alice@contoso.com', resultCode: 49, entries: 0, bindData: '52e' };
    const le = ldapEnvelope(ldap);
    expect(le).toMatchObject({ step: 'bindRequest', verdict: 'error', code: 'invalidCredentials', wire: 49, fact: 'bind refused with AD data 52e' });
    expect(renderTraceEvent({ service: 'ldap', t: T, ...le })).toBe('15:47:23.066 ldap  #2 bind alice@contoso.com  invalidCredentials (49), data 52e');
    const ping = { service: 'cldap' as const, transport: 'udp' as const, kind: 'ping' as const, answered: false, reason: 'wrong-domain' as never, dnsDomain: 'other.example', user: 'bob' };
    const ce = cldapEnvelope(ping);
    expect(ce).toMatchObject({ step: 'ping', verdict: 'error', fact: 'the Netlogon ping is not answered: wrong-domain' });
    expect(renderTraceEvent({ t: T, ...ce })).toBe('15:47:23.066 cldap ping other.example user bob  not answered: wrong-domain');
    const q = { service: 'dns' as const, transport: 'udp' as const, kind: 'query' as const, name: 'x.fabrikam.local', type: 'SRV', rcode: 'NXDOMAIN', answers: 0, truncated: false };
    const de = dnsEnvelope(q);
    expect(de).toMatchObject({ step: 'query', verdict: 'error', code: 'NXDOMAIN', wire: 3, detail: { name: 'x.fabrikam.local', type: 'SRV' } });
    expect(renderTraceEvent({ t: T, ...de })).toBe('15:47:23.066 dns   udp SRV x.fabrikam.local  NXDOMAIN');
    expect(dnsEnvelope({ ...q, rcode: 'NOERROR', answers: 1 })).toMatchObject({ verdict: 'ok', code: 'NOERROR', wire: 0 });
    expect(dnsEnvelope({ ...q, rcode: null, fault: 'drop' })).toMatchObject({ verdict: 'error', fact: "the scenario's DNS fault drop applies to x.fabrikam.local" });
  });

  it('an event without a time keeps the columns', () => {
    expect(renderTraceEvent({ service: 'ldap', listener: 'ldap', connection: 1, messageId: 1, op: 'unbindRequest', dn: '', resultCode: 0, entries: 0 })).toBe(
      `${' '.repeat(12)} ldap  #1 unbind`,
    );
  });
});
