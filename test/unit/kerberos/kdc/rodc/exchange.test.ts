/**
 * The RODC partial-TGT exchange (PROTOCOL.md section 4, issue 4), Samba style: one table of
 * cases, each a presented ticket (the cloud's partial TGT, impacket's PAC-less forgery, or a
 * tampered one), a DC, and the expected error or the expected full TGT with its PAC groups.
 */
import { describe, expect, it } from 'vitest';
import { decode, KDC_OPTIONS, KerbErrorData, NAME_TYPE, PA, type EncKdcRepPart } from '../../../../../emulator/kerberos/asn1/index.ts';
import { EncType, ntHash } from '../../../../../emulator/kerberos/crypto/index.ts';
import { deriveKeyGeneration } from '../../../../../emulator/kerberos/keys/keytable.ts';
import { decodePac, decodePacType, PAC_TYPE, verifyPac } from '../../../../../emulator/kerberos/pac/index.ts';
import { findPac } from '../../../../../emulator/kerberos/asn1/index.ts';
import { openTicket } from '../../../../../clients/kerberos/index.ts';
import { keyListOf, openTgsRep } from '../../../../../clients/kerberos/index.ts';
import {
  account,
  cloudKey,
  cloudPartialTgt,
  impacketRodcTicket,
  krbtgtKey,
  krbtgtName,
  spn,
  testKdc,
  tgsReq,
  type Presented,
  type TestKdc,
} from '../tgs/fixture.ts';

const PASSWORDS: Record<string, string> = { alice: 'Alice-Passw0rd!', bob: 'Bob-Passw0rd!' };
const rid = (sid: string) => Number(sid.slice(sid.lastIndexOf('-') + 1));

interface Case {
  title: string;
  file?: string;
  dc?: string;
  ticket: (k: TestKdc) => Presented;
  keyList?: number[] | null;
  error?: string;
  /** expected fact prefix on the trace event */
  fact?: RegExp;
  /** group names expected in the new PAC besides Domain Users */
  groups?: string[];
  /** expect KERB-KEY-LIST-REP with the NT hash */
  ntHash?: boolean;
}

const cloud = (sam: string) => (k: TestKdc) => cloudPartialTgt(k, sam);
const impacket = (sam: string) => (k: TestKdc) => impacketRodcTicket(k, sam, cloudKey(k).key, cloudKey(k).rodcNumber);

const CASES: Case[] = [
  { title: 'alice: partial TGT -> full TGT and NT hash', ticket: cloud('alice'), groups: ['Engineers', 'Staff'], ntHash: true, fact: /^RevealOnDemand hit: S-1-5-21-[\d-]+-513 Domain Users/ },
  { title: 'bob (other UPN suffix): the same', ticket: cloud('bob'), groups: [], ntHash: true },
  { title: 'carol (Domain Admins): KDC_ERR_TGT_REVOKED', ticket: cloud('carol'), error: 'KDC_ERR_TGT_REVOKED', fact: /^NeverReveal hit: S-1-5-21-[\d-]+-512 Domain Admins/ },
  { title: 'heidi (not in Domain Users): KDC_ERR_TGT_REVOKED', ticket: cloud('heidi'), error: 'KDC_ERR_TGT_REVOKED', fact: /RevealOnDemandGroup/ },
  { title: 'dave (disabled): KDC_ERR_CLIENT_REVOKED', ticket: cloud('dave'), error: 'KDC_ERR_CLIENT_REVOKED', fact: /ACCOUNTDISABLE/ },
  { title: 'frank (locked out): KDC_ERR_CLIENT_REVOKED', ticket: cloud('frank'), error: 'KDC_ERR_CLIENT_REVOKED', fact: /lockoutTime/ },
  { title: 'erin (must change password): KDC_ERR_KEY_EXPIRED', ticket: cloud('erin'), error: 'KDC_ERR_KEY_EXPIRED', fact: /pwdLastSet/ },
  {
    title: 'PAC SID of another user: KDC_ERR_TGT_REVOKED',
    ticket: (k) => cloudPartialTgt(k, 'alice', { sid: account(k, 'bob').sid }),
    error: 'KDC_ERR_TGT_REVOKED',
    fact: /PAC_REQUESTOR SID/,
  },
  {
    title: 'unknown RODC number: KDC_ERR_S_PRINCIPAL_UNKNOWN',
    ticket: (k) => cloudPartialTgt(k, 'alice', { key: { ...cloudKey(k), rodcNumber: 4242 } }),
    error: 'KDC_ERR_S_PRINCIPAL_UNKNOWN',
    fact: /msDS-SecondaryKrbTgtNumber 4242/,
  },
  { title: 'key rotated in the cloud only: KRB_AP_ERR_BAD_INTEGRITY', file: 'rodc-cloud-rotated.yaml', ticket: cloud('alice'), error: 'KRB_AP_ERR_BAD_INTEGRITY', fact: /does not hold/ },
  { title: 'AzureADKerberos without msDS-KrbTgtLink: KDC_ERR_POLICY', file: 'rodc-no-link.yaml', ticket: cloud('alice'), error: 'KDC_ERR_POLICY', fact: /msDS-KrbTgtLinkBl/ },
  { title: 'AzureADKerberos without PARTIAL_SECRETS_ACCOUNT: KDC_ERR_POLICY', file: 'rodc-no-partial-secrets.yaml', ticket: cloud('alice'), error: 'KDC_ERR_POLICY', fact: /PARTIAL_SECRETS_ACCOUNT/ },
  {
    title: 'the previous key (N-1) named by the kvno still opens',
    ticket: (k) => {
      const kd = k.lab.world.tenant.kerberosDomains[0];
      const prev = deriveKeyGeneration(kd.previous!, `FABRIKAM.LOCALkrbtgt_${kd.id}`).keys.get(18)!;
      return cloudPartialTgt(k, 'alice', { key: { key: prev, rodcNumber: kd.id, keyVersion: 1 } });
    },
    groups: ['Engineers', 'Staff'],
    ntHash: true,
  },
  {
    title: 'the previous key with a kvno naming the current version: KRB_AP_ERR_BAD_INTEGRITY',
    ticket: (k) => {
      const kd = k.lab.world.tenant.kerberosDomains[0];
      const prev = deriveKeyGeneration(kd.previous!, `FABRIKAM.LOCALkrbtgt_${kd.id}`).keys.get(18)!;
      return cloudPartialTgt(k, 'alice', { key: { key: prev, rodcNumber: kd.id, keyVersion: 2 } });
    },
    error: 'KRB_AP_ERR_BAD_INTEGRITY',
  },
  // impacket 0.10.0's forger: no PAC, kvno lower bits 0.
  { title: 'impacket PAC-less ticket, enforcing DC: KDC_ERR_TGT_REVOKED', ticket: impacket('alice'), error: 'KDC_ERR_TGT_REVOKED', fact: /no PAC/ },
  { title: 'impacket PAC-less ticket, DC before the enforcement: full TGT and NT hash', dc: 'dc2', ticket: impacket('alice'), groups: ['Engineers', 'Staff'], ntHash: true },
  { title: 'impacket ticket for carol, DC before the enforcement: KDC_ERR_TGT_REVOKED', dc: 'dc2', ticket: impacket('carol'), error: 'KDC_ERR_TGT_REVOKED', fact: /^NeverReveal hit/ },
  { title: 'impacket ticket for an unknown user: KDC_ERR_C_PRINCIPAL_UNKNOWN', dc: 'dc2', ticket: impacket('mallory'), error: 'KDC_ERR_C_PRINCIPAL_UNKNOWN' },
  { title: 'impacket ticket with the cloud-only key, enforcing DC: KRB_AP_ERR_BAD_INTEGRITY', file: 'rodc-cloud-rotated.yaml', ticket: (k) => impacketRodcTicket(k, 'alice', cloudKey(k).key, 30775), error: 'KRB_AP_ERR_BAD_INTEGRITY' },
  {
    title: 'impacket ticket with a key the directory does not hold, DC before the enforcement: KRB_AP_ERR_BAD_INTEGRITY',
    dc: 'dc2',
    ticket: (k) => impacketRodcTicket(k, 'alice', deriveKeyGeneration({ kvno: 3, password: 'Not-The-AD-Key' }, 'FABRIKAM.LOCALkrbtgt_30775').keys.get(18)!, 30775),
    error: 'KRB_AP_ERR_BAD_INTEGRITY',
  },
  // Key list by request and by DC patch level.
  { title: 'no KERB-KEY-LIST-REQ: full TGT without key list', ticket: cloud('alice'), keyList: null, groups: ['Engineers', 'Staff'], ntHash: false },
  { title: 'KERB-KEY-LIST-REQ for AES only: no key list', ticket: cloud('alice'), keyList: [18], groups: ['Engineers', 'Staff'], ntHash: false },
  { title: 'unpatched DC (keyListPatch false) ignores KERB-KEY-LIST-REQ', dc: 'dc3', ticket: cloud('alice'), groups: ['Engineers', 'Staff'], ntHash: false },
];

function checkFullTgt(k: TestKdc, part: EncKdcRepPart, ticket: { encPart: { kvno?: number; etype: number } } & Parameters<typeof openTicket>[0], sam: string, c: Case) {
  const kk = krbtgtKey(k);
  expect(ticket.encPart.kvno).toBe(kk.kvno);
  expect(ticket.encPart.kvno! >>> 16).toBe(0);
  const tp = openTicket(ticket, kk.key);
  expect(tp.cname).toEqual({ nameType: NAME_TYPE.NT_PRINCIPAL, nameString: [sam] });
  expect(tp.crealm).toBe('FABRIKAM.LOCAL');
  const pac = findPac(tp.authorizationData)!;
  const v = verifyPac(pac, { serverKey: kk.key, kdcKey: kk.key });
  expect([v.server, v.kdc, v.rodcIdentifier]).toEqual(['valid', 'valid', undefined]);
  const d = decodePac(pac);
  const acct = account(k, sam);
  expect(d.requestor?.sid).toBe(acct.sid);
  expect(decodePacType(pac).map((b) => b.type)).not.toContain(PAC_TYPE.ATTRIBUTES_INFO);
  expect(`${d.logonInfo!.logonDomainId}-${d.logonInfo!.userId}`).toBe(acct.sid);
  const dir = k.lab.world.directory;
  const want = [513, ...(c.groups ?? []).map((g) => rid(dir.groupBySam(g)!.sid))].sort((a, b) => a - b);
  expect(d.logonInfo!.groupIds.map((g) => g.relativeId).sort((a, b) => a - b)).toEqual(want);
  const kl = keyListOf(part);
  const etypes = part.encryptedPaData!.map((p) => p.padataType);
  if (c.ntHash) {
    expect(kl?.index).toBe(0);
    expect(kl!.keys).toEqual([{ keytype: EncType.RC4_HMAC, keyvalue: ntHash(PASSWORDS[sam]) }]);
    expect(etypes).toEqual([PA.KERB_KEY_LIST_REP, PA.PA_SUPPORTED_ETYPES]);
  } else {
    expect(kl).toBeUndefined();
    expect(etypes).toEqual([PA.PA_SUPPORTED_ETYPES]);
  }
}

describe('RODC partial-TGT exchange', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const k = testKdc({ ...(c.file ? { file: c.file } : {}), ...(c.dc ? { dc: c.dc } : {}) });
      const presented = c.ticket(k);
      const keyList = c.keyList === undefined ? [EncType.RC4_HMAC] : c.keyList ?? undefined;
      // The request as impacket's getFullTGT and roadtools' partialtofulltgt send it: canonicalize only.
      const r = k.send(tgsReq(k, presented, krbtgtName(), { kdcOptions: KDC_OPTIONS.from(['canonicalize']), ...(keyList ? { keyList } : {}), checksum: false }));
      const e = k.last();
      expect(e.detail?.path).toBe('rodc');
      if (c.fact) expect(e.fact).toMatch(c.fact);
      if (c.error) {
        expect(r.ok ? 'ok' : r.code).toBe(c.error);
        return;
      }
      if (!r.ok) throw new Error(`${r.code}: ${e.fact}`);
      const part = openTgsRep(r.rep, presented.sessionKey).part;
      const sam = presented.cname.nameString[0];
      checkFullTgt(k, part, r.rep.ticket, sam, c);
    });
  }

  it('the full TGT works for a service ticket afterwards (ordinary path)', () => {
    const k = testKdc();
    const p = cloudPartialTgt(k, 'alice');
    const r = k.send(tgsReq(k, p, krbtgtName(), { keyList: [23] }));
    if (!r.ok) throw new Error(r.code);
    const rep = openTgsRep(r.rep, p.sessionKey).part;
    const full: Presented = { ticket: r.rep.ticket, sessionKey: { etype: rep.key.keytype, bytes: rep.key.keyvalue }, cname: r.rep.cname, crealm: r.rep.crealm };
    const s = k.send(tgsReq(k, full, spn('cifs/fs1.fabrikam.local')));
    expect(s.ok ? 'ok' : s.code).toBe('ok');
    expect(k.last().detail?.path).toBe('tgt');
  });

  it('an RODC ticket used directly for a service gets a directory PAC and no key list', () => {
    const k = testKdc();
    const p = cloudPartialTgt(k, 'alice');
    const r = k.send(tgsReq(k, p, spn('cifs/fs1.fabrikam.local'), { keyList: [23] }));
    if (!r.ok) throw new Error(r.code);
    const part = openTgsRep(r.rep, p.sessionKey).part;
    expect(keyListOf(part)).toBeUndefined();
    expect(k.last().detail?.keyList).toMatch(/not for the krbtgt service/);
  });

  it.each([
    ['dave', 0xc0000072],
    ['frank', 0xc0000234],
    ['erin', 0xc0000224],
  ])('the account-policy refusal for %s carries the NTSTATUS e-data AD sends', (sam, status) => {
    const k = testKdc();
    const r = k.send(tgsReq(k, cloudPartialTgt(k, sam), krbtgtName(), { keyList: [23] }));
    if (r.ok) throw new Error('expected an error');
    const ed = decode(KerbErrorData, r.error.eData!);
    expect(ed.dataType).toBe(3);
    expect(new DataView(ed.dataValue!.buffer, ed.dataValue!.byteOffset).getUint32(0, true)).toBe(status);
  });

  it('the DC does not need msDS-RevealedUsers: nobody is listed and alice still succeeds', () => {
    const k = testKdc();
    const entry = k.lab.world.directory.entryByDn(k.lab.world.directory.azureAdKerberos!.computer.dn)!;
    expect(entry.attributes.get('msds-revealedusers')).toBeUndefined();
    expect(k.send(tgsReq(k, cloudPartialTgt(k, 'alice'), krbtgtName(), { keyList: [23] })).ok).toBe(true);
  });
});
