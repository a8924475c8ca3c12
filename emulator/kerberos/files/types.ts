/**
 * Types shared by the MIT keytab and credential-cache codecs
 * (MIT krb5 doc/formats/keytab_file_format.rst and ccache_file_format.rst).
 */

/** A Kerberos principal as both file formats store it: name type, components, realm. */
export interface Principal {
  /** NT-* name type (RFC 4120 6.2), e.g. 1 = NT-PRINCIPAL, 2 = NT-SRV-INST. Signed 32-bit. */
  nameType: number;
  components: string[];
  realm: string;
}

/** One keytab entry: a key of one principal at one kvno and enctype. */
export interface KeytabEntry {
  principal: Principal;
  /** Seconds since the epoch when the key was written (uint32); injected, never read from a clock here. */
  timestamp: number;
  /**
   * Full 32-bit key version number. Written as kvno & 0xff in the 8-bit field and in full
   * in the 32-bit extension after the key, so RODC kvnos ((rodcNumber << 16) | k) survive.
   */
  kvno: number;
  /** RFC 3961 enctype number, e.g. 17, 18, 23 (stored as a 16-bit field). */
  enctype: number;
  key: Uint8Array;
}

/** An RFC 4120 EncryptionKey as the ccache stores it. */
export interface Keyblock {
  enctype: number;
  value: Uint8Array;
}

/** HostAddress (RFC 4120 5.2.5). */
export interface CcacheAddress {
  addrType: number;
  address: Uint8Array;
}

/** One AuthorizationData element (RFC 4120 5.2.6). */
export interface CcacheAuthData {
  adType: number;
  data: Uint8Array;
}

/** One credential (or configuration entry) of a ccache. Times are uint32 seconds since the epoch. */
export interface Credential {
  client: Principal;
  server: Principal;
  key: Keyblock;
  authtime: number;
  /** 0 when the KDC sent no starttime (MIT then shows authtime). */
  starttime: number;
  endtime: number;
  /** 0 when not renewable. */
  renewTill: number;
  /** True for a ticket encrypted in a session key (user-to-user). */
  isSkey: boolean;
  /** TicketFlags as a uint32: Kerberos BIT STRING bit 0 is the most significant bit (see TKT_FLG). */
  ticketFlags: number;
  addresses: CcacheAddress[];
  authdata: CcacheAuthData[];
  /** DER of the Ticket ([APPLICATION 1]); opaque here. For a config entry, the value. */
  ticket: Uint8Array;
  /** DER of the second ticket (user-to-user), usually empty. */
  secondTicket: Uint8Array;
}

/** A header field of a version-4 ccache (tag, raw value), kept when its tag is not one we model. */
export interface CcacheHeaderField {
  tag: number;
  value: Uint8Array;
}

export interface Ccache {
  /** File format version: 4 (0x0504, the default for writing) or 3 (0x0503). */
  version?: 3 | 4;
  /** Header tag 1 (version 4 only): KDC time minus client time. Written only when present. */
  kdcTimeOffset?: { seconds: number; microseconds: number };
  /** Other version-4 header fields, written back as they were read. */
  otherHeaderFields?: CcacheHeaderField[];
  defaultPrincipal: Principal;
  credentials: Credential[];
}

/**
 * Ticket flags as the uint32 MIT stores (krb5.h TKT_FLG_*): flag n of RFC 4120 5.3 TicketFlags
 * is 0x80000000 >>> n.
 */
export const TKT_FLG = {
  RESERVED: 0x80000000,
  FORWARDABLE: 0x40000000,
  FORWARDED: 0x20000000,
  PROXIABLE: 0x10000000,
  PROXY: 0x08000000,
  MAY_POSTDATE: 0x04000000,
  POSTDATED: 0x02000000,
  INVALID: 0x01000000,
  RENEWABLE: 0x00800000,
  INITIAL: 0x00400000,
  PRE_AUTH: 0x00200000,
  HW_AUTH: 0x00100000,
  TRANSIT_POLICY_CHECKED: 0x00080000,
  OK_AS_DELEGATE: 0x00040000,
  ENC_PA_REP: 0x00010000,
  ANONYMOUS: 0x00008000,
} as const;

/** The uint32 value of RFC 4120 TicketFlags bit number n (0 = reserved, 1 = forwardable, ...). */
export function ticketFlagBit(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 31) throw new RangeError(`flag bit must be 0..31, got ${n}`);
  return (0x80000000 >>> n) >>> 0;
}

/** TicketFlags from the bytes of a KerberosFlags BIT STRING (without the unused-bits octet). */
export function ticketFlagsFromBitString(bits: Uint8Array): number {
  let v = 0;
  for (let i = 0; i < 4; i++) v = (v << 8) | (bits[i] ?? 0);
  return v >>> 0;
}

/** The 4 bytes of a 32-bit KerberosFlags BIT STRING (RFC 4120 5.2.8) for a uint32 of ticket flags. */
export function ticketFlagsToBitString(flags: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, flags >>> 0);
  return out;
}
