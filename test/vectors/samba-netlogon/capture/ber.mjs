// The little BER the capture scripts need to build CLDAP/LDAP Netlogon searches by hand (X.690
// definite lengths up to 0xffff, RFC 4511 search request pieces), shared by capture-pings.mjs
// and tcp-pings.mjs.
export const len = (n) => (n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255]);
export const tlv = (t, body) => Buffer.concat([Buffer.from([t, ...len(body.length)]), body]);
export const os = (s) => tlv(0x04, Buffer.isBuffer(s) ? s : Buffer.from(s));
export const int = (n) => { let b = []; do { b.unshift(n & 255); n >>= 8; } while (n > 0); if (b[0] & 0x80) b.unshift(0); return tlv(0x02, Buffer.from(b)); };
export const en = (n) => tlv(0x0a, Buffer.from([n]));
export const bool = (v) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
export const eq = (a, v) => tlv(0xa3, Buffer.concat([os(a), os(v)]));
export const and = (...f) => tlv(0xa0, Buffer.concat(f));
export const seq = (...x) => tlv(0x30, Buffer.concat(x));
export const le32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
