/**
 * The decoded view on Kerberos bytes the lab's own builders and KDC produce (the RODC fixture
 * world, test/fixtures/rodc-exchange.yaml): the KDC attaches request and reply as a capture; the
 * decoder opens the partial TGT (kvno split into RODC number and key version), the full TGT's PAC
 * with every group named from the directory and its signatures checked, KERB-KEY-LIST-REQ/REP
 * with the NT hash masked (shown with showSecrets), an AS exchange opened with the client's key,
 * and a partial TGT sealed with a key AD does not hold: the reason, and Entra's copy naming the
 * disagreement.
 */
import { describe, expect, it } from 'vitest';
import { buildAsReq, encTimestamp, pacRequest } from '../../../clients/kerberos/index.ts';
import { findPac, pacAuthorizationData } from '../../../emulator/kerberos/asn1/index.ts';
import { EncType, randomKey } from '../../../emulator/kerberos/crypto/index.ts';
import { dispatchKdc } from '../../../emulator/kerberos/kdc/index.ts';
import type { PartialTgtKey } from '../../../emulator/kerberos/partial-tgt/index.ts';
import { takeCapture, type Capture } from '../../../emulator/trace/capture.ts';
import type { DecodeContext } from '../../../emulator/ui/decode/context.ts';
import { decodeKerberosCapture } from '../../../emulator/ui/decode/kerberos/index.ts';
import { MASKED, type DecodedNode } from '../../../emulator/ui/decode/tree.ts';
import { account, cloudKey, cloudPartialTgt, domainTgt, krbtgtName, NOW, REALM, testKdc, tgsReq, user, type TestKdc } from '../kerberos/kdc/tgs/fixture.ts';

/** Every node of a tree, depth first. */
function all(nodes: readonly DecodedNode[]): DecodedNode[] {
  return nodes.flatMap((n) => [n, ...all(n.children ?? [])]);
}
const byKey = (nodes: readonly DecodedNode[], key: string): DecodedNode[] => all(nodes).filter((n) => n.key === key);
const one = (nodes: readonly DecodedNode[], key: string): DecodedNode => {
  const found = byKey(nodes, key);
  expect(found, key).toHaveLength(1);
  return found[0];
};

function ctxOf(k: TestKdc, over: Partial<DecodeContext> = {}): DecodeContext {
  return { directory: k.lab.world.directory, keys: k.lab.keys, showSecrets: false, ...over };
}

/** Runs one request through the KDC and returns the capture its trace event carried. */
function exchange(k: TestKdc, req: Uint8Array): { capture: Capture; reply: Uint8Array } {
  const reply = dispatchKdc(k.ctx, req, { transport: 'direct' });
  const capture = takeCapture(k.last(), true);
  expect(capture?.kind).toBe('kerberos');
  expect(capture?.request).toEqual(req);
  expect(capture?.reply).toEqual(reply);
  return { capture: capture!, reply };
}

describe('decoded Kerberos exchanges', () => {
  it('the partial-TGT exchange: kvno split, full TGT PAC groups by name, signatures, key list with the NT hash masked', () => {
    const k = testKdc();
    const { capture } = exchange(k, tgsReq(k, cloudPartialTgt(k, 'alice'), krbtgtName(), { keyList: [EncType.RC4_HMAC] }));
    const tree = decodeKerberosCapture(ctxOf(k), capture);
    const rodc = k.lab.world.directory.azureAdKerberos!;
    const kvno = ((rodc.id << 16) | rodc.keyVersion) >>> 0;
    // The request's ticket: the partial TGT, kvno split, opened with krbtgt_<n>'s current key.
    expect(one(tree, 'req.ticket.kvno').value).toBe(`${kvno} = RODC number ${rodc.id} · key version ${rodc.keyVersion}`);
    expect(all([one(tree, 'req.ticket')]).some((n) => n.note === `opened with krbtgt_${rodc.id}'s current key (key version ${rodc.keyVersion})`)).toBe(true);
    expect(one(tree, 'req.key-list').children!.map((n) => n.value)).toEqual(['23 rc4-hmac']);
    // The reply's ticket: the full TGT with the domain krbtgt's kvno; its PAC names alice's groups.
    const full = one(tree, 'rep.ticket');
    expect(full.label).toBe('ticket (the full TGT)');
    expect(one([full], 'rep.ticket.kvno').value).toBe(String(k.lab.world.directory.krbtgt.secrets.current.kvno));
    const groups = one([full], 'pac.groups').children!.map((n) => `${n.label} ${n.value}`);
    const dir = k.lab.world.directory;
    const rid = (name: string) => dir.groupBySam(name)!.rid;
    expect(groups).toEqual(expect.arrayContaining(['513 Domain Users', `${rid('Engineers')} Engineers`, `${rid('Staff')} Staff`]));
    // FileReaders is domain local: not in a TGT (AD adds domain-local groups to service tickets).
    expect(groups.some((g) => g.includes('FileReaders'))).toBe(false);
    expect(one([full], 'pac.extra-sids').children!.map((n) => n.value)).toContain('S-1-18-1 Authentication authority asserted identity');
    // Both signatures of the full TGT verify with the domain krbtgt key.
    for (const t of [6, 7]) {
      const sig = one([full], `pac.sig.${t}`);
      expect(sig.value).toBe('verifies');
      expect(sig.note).toMatch(/^made with krbtgt's current key/);
    }
    // KERB-KEY-LIST-REP: the NT hash, masked.
    const nt = one(tree, 'rep.key-list.0');
    expect(nt).toMatchObject({ label: 'NT hash (rc4-hmac key)', value: MASKED, secret: true });
    expect(JSON.stringify(tree)).not.toContain(Buffer.from(k.lab.keys.forAccount(account(k, 'alice'))!.current.keys.get(23)!.bytes).toString('hex'));
  });

  it('with showSecrets the NT hash and session keys are shown', () => {
    const k = testKdc();
    const { capture } = exchange(k, tgsReq(k, cloudPartialTgt(k, 'alice'), krbtgtName(), { keyList: [EncType.RC4_HMAC] }));
    const tree = decodeKerberosCapture(ctxOf(k, { showSecrets: true }), capture);
    const ntHash = Buffer.from(k.lab.keys.forAccount(account(k, 'alice'))!.current.keys.get(EncType.RC4_HMAC)!.bytes).toString('hex');
    expect(one(tree, 'rep.key-list.0').value).toBe(ntHash);
    expect(all(tree).filter((n) => n.secret).every((n) => n.value !== MASKED && /^[0-9a-f]+$/.test(n.value!))).toBe(true);
  });

  it('a service ticket: opened with the service key, the server signature by it and the KDC signature by krbtgt', () => {
    const k = testKdc();
    const { capture } = exchange(k, tgsReq(k, domainTgt(k, 'alice'), { nameType: 2, nameString: ['cifs', 'fs1.fabrikam.local'] }));
    const tree = decodeKerberosCapture(ctxOf(k), capture);
    const st = one(tree, 'rep.ticket');
    expect(st.label).toBe('ticket (service ticket)');
    expect(one([st], 'pac.sig.6')).toMatchObject({ value: 'verifies' });
    expect(one([st], 'pac.sig.6').note).toMatch(/^made with FS1\$'s current key/);
    expect(one([st], 'pac.sig.7').note).toMatch(/^made with krbtgt's current key/);
    // The ticket and full signatures (MS-PAC 2.8.3, 2.8.4) verify with the krbtgt key too.
    expect(one([st], 'pac.sig.16')).toMatchObject({ value: 'verifies' });
    expect(one([st], 'pac.sig.19')).toMatchObject({ value: 'verifies' });
    expect(one([st], 'pac.groups').children!.map((n) => n.value)).toEqual(expect.arrayContaining(['Domain Users', 'Engineers', 'Staff']));
    expect(all(tree).filter((n) => n.error)).toEqual([]);
  });

  it('a PAC changed after signing: its name as changed, the server and KDC signatures marked as not verifying', () => {
    const k = testKdc();
    const tampered = domainTgt(k, 'alice', (p) => {
      const pac = findPac(p.authorizationData)!.slice();
      const at = Buffer.from(pac).indexOf(Buffer.from('alice', 'utf16le'));
      pac[at] = 'b'.charCodeAt(0);
      return { ...p, authorizationData: pacAuthorizationData(pac) };
    });
    const { capture } = exchange(k, tgsReq(k, tampered, { nameType: 2, nameString: ['cifs', 'fs1.fabrikam.local'] }));
    const tree = decodeKerberosCapture(ctxOf(k), capture);
    const t = one(tree, 'req.ticket');
    expect(all([t]).find((n) => n.label === 'EffectiveName')!.value).toBe('blice');
    expect(one([t], 'pac.sig.6')).toMatchObject({ value: 'does NOT verify', error: true });
    expect(one([t], 'pac.sig.7')).toMatchObject({ value: 'verifies' }); // it signs the server signature, which is unchanged
    expect(one(tree, 'error.code').value).toBe('41 KRB_AP_ERR_MODIFIED');
  });

  it('an AS exchange: PA-ENC-TIMESTAMP and the AS-REP enc-part open with the client key; a wrong password says so', () => {
    const k = testKdc();
    const key = k.lab.keys.forAccount(account(k, 'alice'))!.current.keys.get(EncType.AES256_CTS_HMAC_SHA1_96)!;
    const req = buildAsReq({ cname: user('alice'), realm: REALM, now: NOW, padata: [encTimestamp(key, NOW, k.rng), pacRequest(true)], etypes: [18] });
    const { capture } = exchange(k, req);
    const tree = decodeKerberosCapture(ctxOf(k), capture);
    const ts = all(tree).find((n) => n.label === 'timestamp')!;
    expect(ts.value).toBe(new Date(NOW).toISOString());
    expect(all(tree).find((n) => n.label === 'enc-part (EncASRepPart)')!.note).toMatch(/^opened with alice's key/);
    expect(one(tree, 'rep.ticket').label).toBe('ticket (TGT)');
    expect(all(tree).filter((n) => n.error)).toEqual([]);

    const wrong = randomKey(EncType.AES256_CTS_HMAC_SHA1_96, k.rng);
    const bad = exchange(k, buildAsReq({ cname: user('alice'), realm: REALM, now: NOW, padata: [encTimestamp(wrong, NOW, k.rng)], etypes: [18] }));
    const badTree = decodeKerberosCapture(ctxOf(k), bad.capture);
    expect(all(badTree).find((n) => n.label === 'timestamp')).toMatchObject({ error: true });
    expect(one(badTree, 'error.code').value).toBe('24 KDC_ERR_PREAUTH_FAILED');
  });

  it('a partial TGT sealed with a key AD does not hold: which keys were tried, and Entra\'s copy naming the disagreement', () => {
    const k = testKdc();
    const rogue: PartialTgtKey = { ...cloudKey(k), key: randomKey(EncType.AES256_CTS_HMAC_SHA1_96, k.rng), keyVersion: 3 };
    const { capture } = exchange(k, tgsReq(k, cloudPartialTgt(k, 'alice', { key: rogue }), krbtgtName(), { keyList: [EncType.RC4_HMAC] }));
    const plain = decodeKerberosCapture(ctxOf(k), capture);
    const why = all([one(plain, 'req.ticket')]).find((n) => n.error)!;
    expect(why.label).toBe('enc-part');
    expect(why.value).toMatch(/^no key opens it: krbtgt_30775's .*: no aes256|^no key opens it: krbtgt_30775/);
    expect(why.value).toContain('KRB_AP_ERR_BAD_INTEGRITY');
    expect(one(plain, 'error.code').value).toBe('31 KRB_AP_ERR_BAD_INTEGRITY');

    const withCloud = decodeKerberosCapture(ctxOf(k, { cloudPartialTgtKeys: () => [rogue] }), capture);
    const opened = all([one(withCloud, 'req.ticket')]).find((n) => n.label === 'enc-part (EncTicketPart)')!;
    expect(opened.note).toMatch(/^opened with Entra's copy of the krbtgt_AzureAD key \(KerberosDomain, key version 3\); AD's keys do not open it/);
    expect(opened.note).toContain('AD and Entra disagree on the key');
  });

  it('bytes that are no Kerberos message, and a capture without bytes, decode to reasons, not throws', () => {
    const k = testKdc();
    const tree = decodeKerberosCapture(ctxOf(k), { kind: 'kerberos', request: new Uint8Array([1, 2, 3]) });
    expect(tree[0].children![0]).toMatchObject({ label: 'message', value: '3 bytes that are no Kerberos message', error: true });
    expect(tree[1]).toMatchObject({ label: 'Reply', value: 'not captured', error: true });
    // A truncated TGS-REQ: the decoder's complaint, as a node.
    const { capture } = exchange(k, tgsReq(k, domainTgt(k, 'alice'), krbtgtName()));
    const cut = (capture.request as Uint8Array).subarray(0, 200);
    const t = decodeKerberosCapture(ctxOf(k), { kind: 'kerberos', request: cut });
    expect(all(t).some((n) => n.error && /Decode|truncated|length/i.test(n.value ?? ''))).toBe(true);
  });
});
