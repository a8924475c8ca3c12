/**
 * An independent walker over a DNS response's wire bytes (RFC 1035 4.1), written for tests: it
 * finds each RR's type and RDATA span without our decoder, so tests can check what is compressed.
 */
export interface WalkedRr {
  readonly section: 'answer' | 'authority' | 'additional';
  readonly type: number;
  /** Offset of the owner name and of the RDATA. */
  readonly ownerAt: number;
  readonly rdataAt: number;
  readonly rdlength: number;
}

function skipName(b: Uint8Array, off: number): number {
  for (;;) {
    const len = b[off];
    if (len === undefined) throw new Error(`walk: name runs past the message at ${off}`);
    if ((len & 0xc0) === 0xc0) return off + 2;
    if (len === 0) return off + 1;
    off += 1 + len;
  }
}

export function walkMessage(b: Uint8Array): { qdcount: number; flags: number; rrs: WalkedRr[]; end: number } {
  const u16 = (o: number): number => (b[o] << 8) | b[o + 1];
  const qd = u16(4);
  const counts = [u16(6), u16(8), u16(10)];
  let off = 12;
  for (let i = 0; i < qd; i++) off = skipName(b, off) + 4;
  const rrs: WalkedRr[] = [];
  const sections = ['answer', 'authority', 'additional'] as const;
  sections.forEach((section, s) => {
    for (let i = 0; i < counts[s]; i++) {
      const ownerAt = off;
      off = skipName(b, off);
      const type = u16(off);
      const rdlength = u16(off + 8);
      rrs.push({ section, type, ownerAt, rdataAt: off + 10, rdlength });
      off += 10 + rdlength;
    }
  });
  return { qdcount: qd, flags: u16(2), rrs, end: off };
}

/**
 * True when an SRV RDATA holds its target as plain labels (RFC 2782): after priority, weight and
 * port, only length-prefixed labels below 64 octets, ending with the root exactly at RDATA's end.
 */
export function srvTargetUncompressed(b: Uint8Array, rr: WalkedRr): boolean {
  let p = rr.rdataAt + 6;
  const end = rr.rdataAt + rr.rdlength;
  while (p < end) {
    const len = b[p];
    if (len >= 0x40) return false;
    if (len === 0) return p + 1 === end;
    p += 1 + len;
  }
  return false;
}
