/**
 * The decoded view never throws (docs/training-page.md): bounded seeded mutants of real captures
 * (a partial-TGT exchange's request and reply from the lab's KDC, a DNS response and a CLDAP
 * netlogon reply from the lab's encoder and CLDAP handler) each decode to a tree, the parts that did not decode
 * marked as errors with the decoder's complaint.
 */
import { describe, expect, it } from 'vitest';
import { EncType } from '../../emulator/kerberos/crypto/index.ts';
import { dispatchKdc } from '../../emulator/kerberos/kdc/index.ts';
import { takeCapture, type Capture } from '../../emulator/trace/capture.ts';
import { decodeEvent } from '../../emulator/ui/decode/registry.ts';
import type { DecodedNode } from '../../emulator/ui/decode/tree.ts';
import { encodeResponse } from '../../emulator/dns/encode.ts';
import { handleDatagram } from '../../emulator/ldap/cldap/handler.ts';
import { encodeMessage, parseFilter } from '../../emulator/ldap/codec/index.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, mutate, nudgeByte, truncate } from '../support/mutate.ts';
import { cloudPartialTgt, krbtgtName, testKdc, tgsReq } from '../unit/kerberos/kdc/tgs/fixture.ts';

const MUTATORS = [bitFlip, truncate, nudgeByte, insertBytes(4), deleteRun(6)];
const count = (nodes: readonly DecodedNode[]): number => nodes.reduce((n, x) => n + 1 + count(x.children ?? []), 0);

const k = testKdc();
const ctx = { directory: k.lab.world.directory, keys: k.lab.keys, showSecrets: false };
const event = (service: string) => ({ service, step: 'x' });

function kdcCapture(): Capture {
  dispatchKdc(k.ctx, tgsReq(k, cloudPartialTgt(k, 'alice'), krbtgtName(), { keyList: [EncType.RC4_HMAC] }), { transport: 'direct' });
  return takeCapture(k.last(), true)!;
}

describe('decoded view fuzz', () => {
  it('400 mutants of each side of a partial-TGT exchange decode without throwing', () => {
    const f = new FuzzRng('ui-decode-kdc');
    const c = kdcCapture();
    let errors = 0;
    for (let i = 0; i < 400; i++) {
      const side = i % 2 === 0 ? 'request' : 'reply';
      const mutant = { ...c, [side]: mutate(f, c[side] as Uint8Array, MUTATORS, 3) };
      const d = decodeEvent(ctx, i, event('kdc'), mutant);
      expect(d.tree.length).toBeGreaterThan(0);
      expect(count(d.tree)).toBeGreaterThan(1);
      if (JSON.stringify(d.tree).includes('"error":true')) errors++;
    }
    // Most mutants break something, and the tree says so.
    expect(errors).toBeGreaterThan(200);
  });

  it('400 mutants of a DNS response and of a netlogon reply decode without throwing', () => {
    const f = new FuzzRng('ui-decode-dns');
    // The question as a client sends it (name, TYPE SRV, CLASS IN), echoed by the encoder.
    const qname = Buffer.concat([...'_ldap._tcp.dc._msdcs.fabrikam.local'.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0, 0, 33, 0, 1])]);
    const srv = (target: string) => ({ name: '_ldap._tcp.dc._msdcs.fabrikam.local', ttl: 600, data: { type: 'SRV' as const, priority: 0, weight: 100, port: 389, target } });
    const dns = encodeResponse({ id: 7, opcode: 0, aa: true, rd: true, rcode: 0, question: new Uint8Array(qname), answers: [srv('dc1.fabrikam.local'), srv('dc2.fabrikam.local')], additionals: [{ name: 'dc1.fabrikam.local', ttl: 600, data: { type: 'A', address: '127.0.0.1' } }] }, 4096).bytes;
    const seed = decodeEvent(ctx, 0, event('dns'), { kind: 'dns', query: dns, reply: dns });
    expect(JSON.stringify(seed.tree)).toContain('priority 0 weight 100 port 389 target dc2.fabrikam.local');
    for (let i = 0; i < 400; i++) {
      const d = decodeEvent(ctx, i, event('dns'), { kind: 'dns', query: dns, reply: mutate(f, dns, MUTATORS, 3) });
      expect(d.tree.length).toBe(2);
    }
    // An LDAP ping as Windows sends it, answered by the lab's CLDAP handler.
    const dir = k.lab.world.directory;
    const ping = encodeMessage({ messageId: 1, protocolOp: { op: 'searchRequest', baseObject: '', scope: 0, derefAliases: 0, sizeLimit: 0, timeLimit: 0, typesOnly: false, filter: parseFilter('(&(DnsDomain=fabrikam.local)(NtVer=\\06\\00\\00\\00))'), attributes: ['Netlogon'] } });
    const answer = handleDatagram({ directory: dir, dc: dir.dcs[0] }, ping).reply!;
    const good = decodeEvent(ctx, 0, event('cldap'), { kind: 'cldap', request: ping, reply: answer });
    expect(JSON.stringify(good.tree)).toContain('DS_KDC_FLAG');
    for (let i = 0; i < 400; i++) {
      const d = decodeEvent(ctx, i, event('cldap'), { kind: 'cldap', request: mutate(f, ping, MUTATORS, 2), reply: mutate(f, answer, MUTATORS, 2) });
      expect(d.tree.length).toBe(2);
    }
  });
});
