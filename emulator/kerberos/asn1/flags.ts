/**
 * Named bits of KerberosFlags values. A flag set is an unsigned 32-bit number with RFC bit 0
 * as its most significant bit (see KerberosFlags in primitives.ts).
 *
 *   KDC_OPTIONS.from(['forwardable', 'renewable', 'canonicalize'])  // 0x40810000
 *   KDC_OPTIONS.has(body.kdcOptions, 'canonicalize')
 *   TICKET_FLAGS.set(flags, 'pre-authent')
 */

export interface FlagTable<N extends string> {
  /** Bit number of each name, RFC numbering (0 = most significant). */
  readonly bits: Readonly<Record<N, number>>;
  /** The mask of one named bit. */
  mask(name: N): number;
  has(flags: number, name: N): boolean;
  /** A copy of `flags` with the bit set (or cleared when `on` is false). */
  set(flags: number, name: N, on?: boolean): number;
  clear(flags: number, name: N): number;
  from(names: Iterable<N>): number;
  /** Names of the set bits this table knows, in bit order. */
  names(flags: number): N[];
  /** Set bits that have no name in this table (bit numbers). */
  unnamed(flags: number): number[];
}

/** The mask of RFC bit `bit` (0..31). */
export function bitMask(bit: number): number {
  if (!Number.isInteger(bit) || bit < 0 || bit > 31) throw new RangeError(`flag bit ${bit} out of range`);
  return 0x80000000 >>> bit; // unsigned: bit 0 is 2^31
}

export function flagTable<const B extends Record<string, number>>(bits: B): FlagTable<Extract<keyof B, string>> {
  type N = Extract<keyof B, string>;
  const entries = Object.entries(bits) as [N, number][];
  for (const [, b] of entries) bitMask(b);
  const mask = (name: N) => {
    const b = bits[name];
    if (b === undefined) throw new RangeError(`unknown flag ${String(name)}`);
    return bitMask(b);
  };
  const has = (flags: number, name: N) => ((flags >>> 0) & mask(name)) !== 0;
  const set = (flags: number, name: N, on = true) =>
    (on ? (flags | mask(name)) : (flags & ~mask(name))) >>> 0;
  return {
    bits,
    mask,
    has,
    set,
    clear: (flags, name) => set(flags, name, false),
    from: (names) => {
      let f = 0;
      for (const n of names) f = set(f, n);
      return f;
    },
    names: (flags) => entries.filter(([n]) => has(flags, n)).sort((a, b) => a[1] - b[1]).map(([n]) => n),
    unnamed: (flags) => {
      const known = new Set(entries.map(([, b]) => b));
      const out: number[] = [];
      for (let b = 0; b < 32; b++) if (!known.has(b) && ((flags >>> 0) & bitMask(b)) !== 0) out.push(b);
      return out;
    },
  };
}

/**
 * TicketFlags (RFC 4120 5.3), plus anonymous (RFC 6112) and enc-pa-rep (RFC 6806 11; Windows
 * klist calls bit 15 "name_canonicalize").
 */
export const TICKET_FLAGS = flagTable({
  reserved: 0,
  forwardable: 1,
  forwarded: 2,
  proxiable: 3,
  proxy: 4,
  'may-postdate': 5,
  postdated: 6,
  invalid: 7,
  renewable: 8,
  initial: 9,
  'pre-authent': 10,
  'hw-authent': 11,
  'transited-policy-checked': 12,
  'ok-as-delegate': 13,
  anonymous: 14,
  'enc-pa-rep': 15,
});

/**
 * KDCOptions (RFC 4120 5.4.1), plus cname-in-addl-tkt (MS-SFU 2.2.3), canonicalize
 * (RFC 6806 5) and request-anonymous (RFC 6112).
 */
export const KDC_OPTIONS = flagTable({
  reserved: 0,
  forwardable: 1,
  forwarded: 2,
  proxiable: 3,
  proxy: 4,
  'allow-postdate': 5,
  postdated: 6,
  renewable: 8,
  'opt-hardware-auth': 11,
  'cname-in-addl-tkt': 14,
  canonicalize: 15,
  'request-anonymous': 16,
  'disable-transited-check': 26,
  'renewable-ok': 27,
  'enc-tkt-in-skey': 28,
  renew: 30,
  validate: 31,
});

/** APOptions (RFC 4120 5.5.1). */
export const AP_OPTIONS = flagTable({
  reserved: 0,
  'use-session-key': 1,
  'mutual-required': 2,
});

/** PA-PAC-OPTIONS flags (MS-KILE 2.2.10). */
export const PA_PAC_OPTIONS_FLAGS = flagTable({
  Claims: 0,
  'Branch-Aware': 1,
  'Forward-to-Full-DC': 2,
  'Resource-based-constrained-delegation': 3,
});
