/**
 * The client's site for the ping (MS-ADTS 6.3.3.2, ClientSiteName): the site whose subnet holds
 * the client's address, longest prefix first (MS-ADTS 6.1.1.2.2.2 subnet objects). IPv4, IPv6
 * and IPv4-mapped IPv6 (`::ffff:a.b.c.d`, what a dual-stack socket reports). Pure.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Site } from '../../directory/model.ts';

interface Parsed {
  readonly v6: boolean;
  readonly value: bigint;
}

function parseV4(s: string): bigint {
  return s.split('.').reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(s: string): bigint {
  let text = s;
  let tail: bigint[] = [];
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const x = parseV4(v4[1]);
    tail = [x >> 16n, x & 0xffffn];
    text = text.slice(0, v4.index + 1) + '0:0';
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const a = head ? head.split(':') : [];
  const b = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest === undefined ? 0 : 8 - a.length - b.length;
  const groups = [...a, ...Array<string>(fill).fill('0'), ...b].map((g) => BigInt(parseInt(g, 16)));
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups.reduce((n, g) => (n << 16n) | g, 0n);
}

/** Parses an address; IPv4-mapped IPv6 becomes IPv4. undefined when it is not an IP address. */
export function parseAddress(address: string): Parsed | undefined {
  const a = address.replace(/%.*$/, '');
  if (isIPv4(a)) return { v6: false, value: parseV4(a) };
  if (!isIPv6(a)) return undefined;
  const v = parseV6(a);
  if (v >> 32n === 0xffffn) return { v6: false, value: v & 0xffffffffn };
  return { v6: true, value: v };
}

function inSubnet(addr: Parsed, cidr: string): number | undefined {
  const [net, lenText] = cidr.split('/');
  const n = parseAddress(net);
  if (!n || n.v6 !== addr.v6) return undefined;
  const bits = addr.v6 ? 128 : 32;
  const len = lenText === undefined ? bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > bits) return undefined;
  const shift = BigInt(bits - len);
  return addr.value >> shift === n.value >> shift ? len : undefined;
}

/**
 * The site name for a client address: undefined when no site has subnets (the caller then uses
 * the DC's site), '' when subnets exist but none holds the address (Windows sends an empty
 * ClientSiteName then), otherwise the site with the longest matching prefix.
 */
export function clientSiteName(sites: readonly Site[], address: string | undefined): string | undefined {
  if (!sites.some((s) => s.subnets.length > 0)) return undefined;
  if (address === undefined) return undefined;
  const addr = parseAddress(address);
  if (!addr) return '';
  let best: { name: string; len: number } | undefined;
  for (const site of sites) {
    for (const cidr of site.subnets) {
      const len = inSubnet(addr, cidr);
      if (len !== undefined && (!best || len > best.len)) best = { name: site.name, len };
    }
  }
  return best?.name ?? '';
}
