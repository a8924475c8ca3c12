/**
 * The same pings Samba 4.17 answered, asked of our DC (scenarios/multi-upn-suffix.yaml: the same
 * domain, NetBIOS, DC and site names as the Samba reference, and the same kinds of accounts:
 * alice enabled, DC1$ a server trust account, krbtgt disabled). Whether an answer comes, its
 * form, opcode, every name, the compression form and the user decision must match; the domain
 * GUID is ours; our flags are a superset of Samba's (Samba sets no TIMESERV or DS_8/9/10).
 * Known differences, each with its reason, are listed in KNOWN.
 */
import { describe, expect, it } from 'vitest';
import { guidToBytes, sidToBytes } from '../../../../emulator/directory/ids.ts';
import { decodeMessage, type Filter, type SearchRequest } from '../../../../emulator/ldap/codec/index.ts';
import {
  answerNetlogonSearch,
  decodeNetlogonResponse,
  isNetlogonSearch,
  NETLOGON_NT_VERSION as V,
} from '../../../../emulator/ldap/netlogon/index.ts';
import { caseName, hex, multiUpnDirectory, netlogonOf, sambaVectors, unhex } from './fixture.ts';

const samba = sambaVectors('samba-cldap.json');
const clients = sambaVectors('samba-clients.json');
const dir = multiUpnDirectory();
const dc = dir.dcs[0];

/** Cases where the lab differs from Samba on purpose. */
const KNOWN: Record<string, string> = {
  'ex-dnsdomain': 'NtVer has WITH_CLOSEST_SITE: we add NextClosestSiteName and bit 0x10 (MS-ADTS 6.3.1.9); Samba ignores it',
  'ex-closest-site': 'same as ex-dnsdomain',
};

/** Replaces the Samba domain's GUID and SID in the filter by ours, so "our domain" means ours. */
function retarget(f: Filter): Filter {
  const sg = hex(guidToBytes(samba.reference.domainGuid));
  const ss = hex(sidToBytes(samba.reference.domainSid));
  if (f.type === 'and') return { ...f, filters: f.filters.map(retarget) };
  if (f.type !== 'equalityMatch') return f;
  if (f.attribute.toLowerCase() === 'domainguid' && hex(f.value) === sg) return { ...f, value: guidToBytes(dir.domain.guid) };
  if (f.attribute.toLowerCase() === 'domainsid' && hex(f.value) === ss) return { ...f, value: sidToBytes(dir.domain.sid) };
  return f;
}

const pings = [...samba.vectors, ...clients.vectors].flatMap((v) => {
  try {
    const m = decodeMessage(unhex(v.input.request));
    if (m.protocolOp.op !== 'searchRequest' || !isNetlogonSearch(m.protocolOp)) return [];
    return [[v.title, v, m.protocolOp] as const];
  } catch {
    return [];
  }
});

describe('our answers to the pings Samba answered', () => {
  it('covers the captured pings', () => {
    expect(pings.length).toBeGreaterThan(45);
  });

  it.each(pings)('%s', (_t, v, req: SearchRequest) => {
    const ours = answerNetlogonSearch({ directory: dir, dc, clientAddress: v.input.clientAddress }, retarget(req.filter));
    const theirs = netlogonOf(v)?.value;
    expect(ours !== null, 'answered').toBe(theirs !== undefined);
    if (!ours || !theirs) return;
    const a = decodeNetlogonResponse(ours);
    const b = decodeNetlogonResponse(unhex(theirs));
    const ra = a.response as unknown as Record<string, unknown>;
    const rb = b.response as unknown as Record<string, unknown>;
    const known = KNOWN[caseName(v)];
    const skip = new Set(['domainGuid', 'flags', ...(known ? ['ntVersion', 'nextClosestSiteName'] : [])]);
    for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) if (!skip.has(k)) expect(ra[k], k).toEqual(rb[k]);
    const names = { ...a.names };
    if (known) delete names.NextClosestSiteName;
    expect(names).toEqual(b.names);
    if ('domainGuid' in ra) expect(ra.domainGuid).toBe(dir.domain.guid);
    if (typeof rb.flags === 'number') expect(((rb.flags as number) & ~(ra.flags as number)) >>> 0, 'Samba flags we lack').toBe(0);
    if (known) {
      expect(ra.ntVersion).toBe((rb.ntVersion as number) | V.NETLOGON_NT_VERSION_WITH_CLOSEST_SITE);
      expect(ra.nextClosestSiteName).toBe('');
    }
  });
});
