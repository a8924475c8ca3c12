/**
 * n-fold, RFC 3961 section 5.1: replicate the input to the least common multiple of its
 * length and the output length, each copy rotated 13 bits further to the right, then add
 * the n-bit chunks with one's-complement (end-around carry) addition.
 *
 * Written over BigInt for clarity: inputs here are short (usage constants, "kerberos").
 */
export function nfold(input: Uint8Array, outBytes: number): Uint8Array {
  if (!Number.isInteger(outBytes) || outBytes <= 0) throw new RangeError('nfold: output length must be positive');
  if (input.length === 0) throw new RangeError('nfold: input must not be empty');
  const inBits = input.length * 8;
  const outBits = outBytes * 8;
  const totalBits = lcm(inBits, outBits);
  const copies = totalBits / inBits;

  const width = BigInt(inBits);
  const mask = (1n << width) - 1n;
  const shift = BigInt(13 % inBits);
  let copy = toBigInt(input);
  let replicated = 0n;
  for (let i = 0; i < copies; i++) {
    replicated = (replicated << width) | copy;
    copy = shift === 0n ? copy : ((copy >> shift) | (copy << (width - shift))) & mask;
  }

  const outWidth = BigInt(outBits);
  const outMask = (1n << outWidth) - 1n;
  let sum = 0n;
  for (let i = 0; i < totalBits / outBits; i++) {
    sum += replicated & outMask;
    replicated >>= outWidth;
  }
  while (sum >> outWidth) sum = (sum & outMask) + (sum >> outWidth);
  return fromBigInt(sum, outBytes);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

function toBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function fromBigInt(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
