/**
 * Our netlogon codec against Samba 4.17's replies (test/vectors/samba-netlogon): the TypeScript
 * decoder agrees with the independent Python decoder of make-vectors.py on every field, and the
 * encoder rebuilds Samba's bytes exactly, so the compression form (which name points where) is
 * the one a real DC writes.
 */
import { describe, expect, it } from 'vitest';
import { decodeNetlogonResponse, encodeNetlogonResponse } from '../../../../emulator/ldap/netlogon/index.ts';
import { hex, netlogonOf, sambaVectors, unhex } from './fixture.ts';

const files = [sambaVectors('samba-cldap.json'), sambaVectors('samba-clients.json')];
const cases = files.flatMap((f) => f.vectors).filter((v) => netlogonOf(v)?.value);

describe('Samba netlogon replies', () => {
  it('has replies of all three forms to check', () => {
    const opcodes = new Set(cases.map((v) => netlogonOf(v)!.fields!.opcode));
    expect([...opcodes].sort()).toEqual([19, 21, 23, 25]);
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases.map((v) => [v.title, v] as const))('%s', (_title, v) => {
    const attr = netlogonOf(v)!;
    const bytes = unhex(attr.value!);
    const { response } = decodeNetlogonResponse(bytes);
    const got = response as unknown as Record<string, unknown>;
    for (const [k, want] of Object.entries(attr.fields!)) expect(got[k], k).toBe(want);
    // Fields Python did not report must not appear either (the optional EX fields).
    for (const k of ['dcSockAddr', 'nextClosestSiteName']) expect(k in got, k).toBe(k in attr.fields!);
    expect(hex(encodeNetlogonResponse(response))).toBe(attr.value);
  });
});
