/**
 * KerberosTime text (RFC 4120 5.2.3: GeneralizedTime "YYYYMMDDHHMMSSZ", no fractions) to and
 * from epoch milliseconds, on the proleptic Gregorian calendar without Date objects. Shared by
 * the KerberosTime codec (primitives.ts) and the DER fast path (tlv-scan.ts).
 */
/** Earliest and latest representable KerberosTime (years 0000..9999). */
const MIN_MS = daysFromCivil(0, 1, 1) * 86400000;
const MAX_MS = (daysFromCivil(9999, 12, 31) + 1) * 86400000 - 1;

/** Truncates epoch ms to the whole second at or before it. */
export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** "YYYYMMDDHHMMSSZ" for epoch ms (truncated to the second). */
export function formatKerberosTime(ms: number, path = 'KerberosTime'): string {
  return String.fromCharCode(...kerberosTimeBytes(ms, path));
}

/** The 15 ASCII octets of "YYYYMMDDHHMMSSZ" for epoch ms (truncated to the second). */
export function kerberosTimeBytes(ms: number, path = 'KerberosTime'): Uint8Array {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) throw new RangeError(`${path}: ${ms} is not a KerberosTime`);
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  const sod = secs - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const out = new Uint8Array(15);
  putDigits(out, 0, y, 4);
  putDigits(out, 4, m, 2);
  putDigits(out, 6, d, 2);
  putDigits(out, 8, Math.floor(sod / 3600), 2);
  putDigits(out, 10, Math.floor(sod / 60) % 60, 2);
  putDigits(out, 12, sod % 60, 2);
  out[14] = 0x5a;
  return out;
}

// Helpers at module level, not closures: a closure per call costs more than the formatting
// (and tsx's keep-names wrapper adds a defineProperty to each).
function putDigits(out: Uint8Array, at: number, v: number, width: number): void {
  for (let i = width - 1; i >= 0; i--, v = Math.floor(v / 10)) out[at + i] = 0x30 + (v % 10);
}

function digits(c: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (c[i] - 0x30);
  return v;
}

/** Parses the 15 octets of a KerberosTime; undefined if not exactly that form or not a real date. */
export function parseKerberosTime(c: Uint8Array): number | undefined {
  return parseKerberosTimeAt(c, 0, c.length);
}

/** parseKerberosTime over `c[from..to)`, without a view of it (the decoders read in place). */
export function parseKerberosTimeAt(c: Uint8Array, from: number, to: number): number | undefined {
  if (to - from !== 15 || c[from + 14] !== 0x5a) return undefined;
  for (let i = from; i < from + 14; i++) if (c[i] < 0x30 || c[i] > 0x39) return undefined;
  const y = digits(c, from, from + 4);
  const mo = digits(c, from + 4, from + 6);
  const d = digits(c, from + 6, from + 8);
  const h = digits(c, from + 8, from + 10);
  const mi = digits(c, from + 10, from + 12);
  const s = digits(c, from + 12, from + 14);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + s * 1000;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

