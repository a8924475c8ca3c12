/**
 * S4U2Self and S4U2Proxy (MS-SFU 3.2.5.1, 3.2.5.2) in the lab TGS, on test/fixtures/s4u.yaml:
 *   - PA-FOR-USER with an HMAC-MD5 or session-key checksum gets a ticket to the service itself in
 *     the user's name, FORWARDABLE only with protocol transition (TRUSTED_TO_AUTH_FOR_DELEGATION)
 *     and never for a sensitive user; a wrong checksum is KRB_AP_ERR_MODIFIED, an unkeyed one
 *     KRB_AP_ERR_INAPP_CKSUM; another sname KDC_ERR_BADOPTION; an unknown user C_PRINCIPAL_UNKNOWN;
 *   - PA-S4U-X509-USER: the reply echoes S4UUserID with a checksum of the reply key, usage 27 when
 *     USE_REPLY_KEY_USAGE is set;
 *   - S4U2Self with an RODC-issued TGT: KDC_ERR_C_PRINCIPAL_UNKNOWN (rodc-exchange.yaml);
 *   - S4U2Proxy: constrained delegation with a forwardable evidence ticket, RBCD with any, the
 *     refusals (not listed, not forwardable, sensitive user) KDC_ERR_BADOPTION.
 */
import { describe, expect, it } from 'vitest';
import {
  decode,
  encode,
  findPac,
  KDC_OPTIONS,
  PA,
  PaForUser,
  PaS4uX509User,
  S4UUserId,
  S4U_OPTIONS,
  TICKET_FLAGS,
  type PaData,
  type PrincipalName,
} from '../../../../../emulator/kerberos/asn1/index.ts';
import { checksum } from '../../../../../emulator/kerberos/crypto/index.ts';
import { HMAC_MD5 } from '../../../../../emulator/kerberos/crypto/rc4-hmac.ts';
import { decodePac } from '../../../../../emulator/kerberos/pac/index.ts';
import { openTicket } from '../../../../../clients/kerberos/index.ts';
import { openTgsRep } from '../../../../../clients/kerberos/tgs.ts';
import { account, cloudPartialTgt, domainTgt, keyOf, krbtgtName, spn, testKdc, tgsReq, user, type Presented, type TestKdc } from './fixture.ts';

const FILE = 's4u.yaml';
const REALM = 'FABRIKAM.LOCAL';
const utf8 = (s: string) => new TextEncoder().encode(s);

/** MS-SFU 2.2.1: name-type (4 bytes LE) | name components | realm | auth-package. */
function forUserBytes(name: PrincipalName, realm: string): Uint8Array {
  const nt = Buffer.alloc(4);
  nt.writeInt32LE(name.nameType);
  return Buffer.concat([nt, ...name.nameString.map(utf8), utf8(realm), utf8('Kerberos')]);
}

function paForUser(tgt: Presented, sam: string, ctype: 'hmac-md5' | 'session' | 'md5-unkeyed' | 'wrong' = 'hmac-md5'): PaData {
  const name = user(sam);
  const data = forUserBytes(name, REALM);
  const ck =
    ctype === 'session'
      ? { cksumtype: 16, checksum: checksum(16, tgt.sessionKey, 17, data) }
      : ctype === 'md5-unkeyed'
        ? { cksumtype: 7, checksum: new Uint8Array(16) }
        : { cksumtype: -138, checksum: HMAC_MD5.compute(tgt.sessionKey.bytes, 17, ctype === 'wrong' ? utf8('other') : data) };
  return { padataType: PA.PA_FOR_USER, padataValue: encode(PaForUser, { userName: name, userRealm: REALM, cksum: ck, authPackage: 'Kerberos' }) };
}

function paX509User(tgt: Presented, sam: string, options: number): { pa: PaData; userId: Uint8Array } {
  const userId = encode(S4UUserId, { nonce: 4242, cname: user(sam), crealm: REALM, options });
  const pa = encode(PaS4uX509User, { userId: decode(S4UUserId, userId), checksum: { cksumtype: 16, checksum: checksum(16, tgt.sessionKey, 26, userId) } });
  return { pa: { padataType: PA.PA_S4U_X509_USER, padataValue: pa }, userId };
}

const serviceTgt = (k: TestKdc, sam: string) => domainTgt(k, sam);

/** S4U2Self by `service` for `sam`: the reply or the error code. */
function s4uSelf(k: TestKdc, service: string, sam: string, over: { ctype?: 'hmac-md5' | 'session' | 'md5-unkeyed' | 'wrong'; sname?: PrincipalName } = {}) {
  const tgt = serviceTgt(k, service);
  const r = k.send(tgsReq(k, tgt, over.sname ?? user(service), { kdcOptions: KDC_OPTIONS.from(['forwardable', 'canonicalize']), extraPadata: [paForUser(tgt, sam, over.ctype)] }));
  return { r, tgt };
}

describe('TGS: S4U2Self', () => {
  it('PA-FOR-USER (HMAC-MD5): a ticket to the service itself, client alice, her PAC; FORWARDABLE with protocol transition', () => {
    const k = testKdc({ file: FILE });
    const { r, tgt } = s4uSelf(k, 'WEB1$', 'alice');
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    expect(r.rep.cname).toEqual(user('alice'));
    const part = openTgsRep(r.rep, tgt.sessionKey).part;
    expect(TICKET_FLAGS.has(part.flags, 'forwardable')).toBe(true);
    const t = openTicket(r.rep.ticket, keyOf(k, 'WEB1$'));
    expect(t.cname).toEqual(user('alice'));
    expect(decodePac(findPac(t.authorizationData)!).logonInfo!.userId).toBe(account(k, 'alice').rid);
  });

  it('the session key\'s own checksum type is accepted too (Windows accepts both)', () => {
    const k = testKdc({ file: FILE });
    expect(s4uSelf(k, 'WEB1$', 'alice', { ctype: 'session' }).r.ok).toBe(true);
  });

  it('without protocol transition, or for a sensitive user, the ticket is not FORWARDABLE', () => {
    const k = testKdc({ file: FILE });
    const app = s4uSelf(k, 'APP1$', 'alice');
    if (!app.r.ok) throw new Error(app.r.code);
    expect(TICKET_FLAGS.has(openTgsRep(app.r.rep, app.tgt.sessionKey).part.flags, 'forwardable')).toBe(false);
    const sens = s4uSelf(k, 'WEB1$', 'sensitive');
    if (!sens.r.ok) throw new Error(sens.r.code);
    expect(TICKET_FLAGS.has(openTgsRep(sens.r.rep, sens.tgt.sessionKey).part.flags, 'forwardable')).toBe(false);
  });

  it('refusals: wrong checksum MODIFIED, unkeyed MD5 INAPP_CKSUM, unknown user C_PRINCIPAL_UNKNOWN, another sname BADOPTION', () => {
    const k = testKdc({ file: FILE });
    const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);
    expect(code(s4uSelf(k, 'WEB1$', 'alice', { ctype: 'wrong' }).r)).toBe('KRB_AP_ERR_MODIFIED');
    expect(code(s4uSelf(k, 'WEB1$', 'alice', { ctype: 'md5-unkeyed' }).r)).toBe('KRB_AP_ERR_INAPP_CKSUM');
    expect(code(s4uSelf(k, 'WEB1$', 'nobody').r)).toBe('KDC_ERR_C_PRINCIPAL_UNKNOWN');
    expect(code(s4uSelf(k, 'WEB1$', 'alice', { sname: spn('cifs/fs1.fabrikam.local') }).r)).toBe('KDC_ERR_BADOPTION');
  });

  it('PA-S4U-X509-USER: the reply echoes S4UUserID signed with the reply key (usage 27 with USE_REPLY_KEY_USAGE)', () => {
    const k = testKdc({ file: FILE });
    const tgt = serviceTgt(k, 'WEB1$');
    const { pa, userId } = paX509User(tgt, 'alice', S4U_OPTIONS.USE_REPLY_KEY_USAGE);
    const r = k.send(tgsReq(k, tgt, user('WEB1$'), { extraPadata: [pa] }));
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    expect(r.rep.cname).toEqual(user('alice'));
    const echoed = decode(PaS4uX509User, r.rep.padata!.find((p) => p.padataType === PA.PA_S4U_X509_USER)!.padataValue);
    expect(encode(S4UUserId, echoed.userId)).toEqual(userId);
    expect(echoed.checksum).toEqual({ cksumtype: 16, checksum: checksum(16, tgt.sessionKey, 27, userId) });
  });

  it('with an RODC-issued (cloud partial) TGT: KDC_ERR_C_PRINCIPAL_UNKNOWN', () => {
    const k = testKdc();
    const partial = cloudPartialTgt(k, 'alice');
    const r = k.send(tgsReq(k, partial, krbtgtName(), { extraPadata: [paForUser(partial, 'bob')] }));
    expect(r.ok ? 'ok' : r.code).toBe('KDC_ERR_C_PRINCIPAL_UNKNOWN');
    expect(k.last().detail?.path).toBe('rodc');
  });
});

describe('TGS: S4U2Proxy', () => {
  /** S4U2Self by `service` for `sam`, then S4U2Proxy to `target` with that ticket. */
  function proxy(k: TestKdc, service: string, sam: string, target: string) {
    const self = s4uSelf(k, service, sam);
    if (!self.r.ok) throw new Error(self.r.code);
    const r = k.send(tgsReq(k, self.tgt, spn(target), { kdcOptions: KDC_OPTIONS.from(['forwardable', 'cname-in-addl-tkt', 'canonicalize']), additionalTickets: [self.r.rep.ticket], nonce: 99 }));
    return { r, tgt: self.tgt };
  }
  const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);

  it('constrained delegation (msDS-AllowedToDelegateTo) with a forwardable evidence ticket: a ticket for cifs/fs1 in alice\'s name', () => {
    const k = testKdc({ file: FILE });
    const { r } = proxy(k, 'WEB1$', 'alice', 'cifs/fs1.fabrikam.local');
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    const t = openTicket(r.rep.ticket, keyOf(k, 'FS1$'));
    expect(t.cname).toEqual(user('alice'));
    expect(decodePac(findPac(t.authorizationData)!).logonInfo!.userId).toBe(account(k, 'alice').rid);
    expect(k.last().detail?.s4uProxyRule).toBe('msDS-AllowedToDelegateTo');
  });

  it('refused: an SPN not listed, a non-forwardable evidence ticket (no protocol transition), a sensitive user', () => {
    const k = testKdc({ file: FILE });
    expect(code(proxy(k, 'WEB1$', 'alice', 'cifs/fs2.fabrikam.local').r)).toBe('KDC_ERR_BADOPTION');
    expect(code(proxy(k, 'APP1$', 'alice', 'cifs/fs1.fabrikam.local').r)).toBe('KDC_ERR_BADOPTION');
    expect(code(proxy(k, 'WEB1$', 'sensitive', 'cifs/fs1.fabrikam.local').r)).toBe('KDC_ERR_BADOPTION');
  });

  it('resource-based (fs2 names api1 in msDS-AllowedToActOnBehalfOfOtherIdentity): allowed even without a forwardable ticket', () => {
    const k = testKdc({ file: FILE });
    const { r } = proxy(k, 'API1$', 'alice', 'cifs/fs2.fabrikam.local');
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    expect(openTicket(r.rep.ticket, keyOf(k, 'FS2$')).cname).toEqual(user('alice'));
    expect(k.last().detail?.s4uProxyRule).toBe('msDS-AllowedToActOnBehalfOfOtherIdentity');
    expect(code(proxy(k, 'API1$', 'sensitive', 'cifs/fs2.fabrikam.local').r)).toBe('KDC_ERR_BADOPTION');
  });

  it('without an evidence ticket: KDC_ERR_BADOPTION; with an RODC-issued TGT: KDC_ERR_BADOPTION', () => {
    const k = testKdc({ file: FILE });
    const tgt = serviceTgt(k, 'WEB1$');
    const r = k.send(tgsReq(k, tgt, spn('cifs/fs1.fabrikam.local'), { kdcOptions: KDC_OPTIONS.from(['cname-in-addl-tkt']) }));
    expect(code(r)).toBe('KDC_ERR_BADOPTION');
    const k2 = testKdc();
    const partial = cloudPartialTgt(k2, 'alice');
    const r2 = k2.send(tgsReq(k2, partial, spn('cifs/fs1.fabrikam.local'), { kdcOptions: KDC_OPTIONS.from(['cname-in-addl-tkt']), additionalTickets: [partial.ticket] }));
    expect(code(r2)).toBe('KDC_ERR_BADOPTION');
  });
});
