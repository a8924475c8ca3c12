import { DecodeError } from '../../core/errors.ts';
import { checksum, checksumProfile, checksumTypeForEtype, KeyUsage, type KerberosKey, verifyChecksum } from '../crypto/index.ts';
import { PAC_TYPE, SIGNATURE_TYPES } from './constants.ts';
import { decodePacType, layoutPacType, type PacBuffer, type PacBufferLocation } from './pactype.ts';
import { decodeSignatureData, encodeSignatureData } from './signature-data.ts';

/**
 * PAC signatures, MS-PAC 2.8.1 to 2.8.5 as Windows, Heimdal and MIT order them:
 *   1. ticket signature (0x10): krbtgt key over the EncTicketPart with the PAC replaced by one zero
 *      byte (the caller encodes it); it does not cover the PAC, so it is filled in first;
 *   2. extended KDC signature (0x13): krbtgt key over the whole PAC with the server, KDC and
 *      extended KDC signatures zeroed;
 *   3. server signature (6): server key over the whole PAC with the server and KDC signatures zeroed;
 *   4. KDC signature (7): krbtgt key over the server signature's Signature bytes.
 * All with key usage KERB_NON_KERB_CKSUM_SALT (17). "Zeroed" means every byte after SignatureType,
 * the RODCIdentifier included. An RODC writes its RODCIdentifier after the KDC, ticket and extended
 * KDC signatures.
 */
export interface PacSignOptions {
  /** The service's long-term key (for a TGT: the krbtgt key the ticket is encrypted with). */
  serverKey: KerberosKey;
  /** The key of the krbtgt account that issues the ticket (krbtgt_<n> for an RODC). */
  kdcKey: KerberosKey;
  /** The RODC number (the top 16 bits of the RODC krbtgt kvno) for an RODC-signed PAC. */
  rodcIdentifier?: number;
  /** Encoded EncTicketPart with the PAC ad-data replaced by a single 0x00 byte: adds the ticket signature. */
  ticketSigningData?: Uint8Array;
  /** Adds the extended KDC (full PAC) signature, as a KDC does for service tickets. */
  fullChecksum?: boolean;
}

const USAGE = KeyUsage.KERB_NON_KERB_CKSUM_SALT;

function placeholder(cksumtype: number, withRodc: boolean): Uint8Array {
  const size = checksumProfile(cksumtype).size;
  return encodeSignatureData({
    signatureType: cksumtype,
    signature: new Uint8Array(size),
    rodcIdentifier: withRodc ? 0 : undefined,
  });
}

/** Offset of a signature buffer's Signature field (after its 4-byte SignatureType). */
function signatureAt(list: readonly PacBuffer[], offsets: readonly number[], type: number): number {
  for (let i = 0; i < list.length; i++) if (list[i].type === type) return offsets[i] + 4;
  throw new RangeError(`PAC signature buffer ${type} was not placed`);
}

function writeLe16(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
}

/**
 * A PAC laid out for signing: its bytes with every signature zero (never written to: signing
 * works on a copy), where each Signature field starts, and the checksum types. The layout depends
 * only on the buffers and the enctypes of the keys, so a KDC re-signing the same PAC for many
 * tickets lays it out once (tgs/pac.ts).
 */
export interface PacSigningLayout {
  readonly bytes: Uint8Array;
  readonly serverType: number;
  readonly kdcType: number;
  readonly serverAt: number;
  readonly kdcAt: number;
  readonly ticketAt: number | undefined;
  readonly fullAt: number | undefined;
  readonly rodcIdentifier: number | undefined;
}

export interface PacLayoutOptions {
  serverEtype: number;
  kdcEtype: number;
  rodcIdentifier?: number;
  /** Room for the ticket signature. */
  ticket: boolean;
  /** Room for the extended KDC (full PAC) signature. */
  fullChecksum: boolean;
}

/**
 * Lays out a PAC for signing. Signature buffers already in `buffers` keep their position
 * (re-signing); missing ones are appended in the order server, KDC, ticket, extended KDC. A ticket
 * or extended KDC signature buffer in the input is dropped when the options do not ask for it.
 */
export function layoutPacForSigning(buffers: readonly PacBuffer[], opts: PacLayoutOptions): PacSigningLayout {
  const rodc = opts.rodcIdentifier;
  if (rodc !== undefined && (!Number.isInteger(rodc) || rodc < 0 || rodc > 0xffff)) {
    throw new RangeError(`RODCIdentifier ${rodc} is not a uint16`);
  }
  const withRodc = rodc !== undefined;
  const serverType = checksumTypeForEtype(opts.serverEtype);
  const kdcType = checksumTypeForEtype(opts.kdcEtype);

  const sigData = new Map<number, Uint8Array>();
  sigData.set(PAC_TYPE.SERVER_CHECKSUM, placeholder(serverType, false));
  sigData.set(PAC_TYPE.PRIVSVR_CHECKSUM, placeholder(kdcType, withRodc));
  if (opts.ticket) sigData.set(PAC_TYPE.TICKET_CHECKSUM, placeholder(kdcType, withRodc));
  if (opts.fullChecksum) sigData.set(PAC_TYPE.FULL_CHECKSUM, placeholder(kdcType, withRodc));

  const list: PacBuffer[] = [];
  const placed = new Set<number>();
  for (const b of buffers) {
    if (!SIGNATURE_TYPES.includes(b.type)) {
      list.push(b);
      continue;
    }
    const data = sigData.get(b.type);
    if (data === undefined || placed.has(b.type)) continue;
    list.push({ type: b.type, data });
    placed.add(b.type);
  }
  for (const type of SIGNATURE_TYPES) {
    const data = sigData.get(type);
    if (data !== undefined && !placed.has(type)) list.push({ type, data });
  }

  const { bytes, offsets } = layoutPacType(list);
  return {
    bytes,
    serverType,
    kdcType,
    serverAt: signatureAt(list, offsets, PAC_TYPE.SERVER_CHECKSUM),
    kdcAt: signatureAt(list, offsets, PAC_TYPE.PRIVSVR_CHECKSUM),
    ticketAt: opts.ticket ? signatureAt(list, offsets, PAC_TYPE.TICKET_CHECKSUM) : undefined,
    fullAt: opts.fullChecksum ? signatureAt(list, offsets, PAC_TYPE.FULL_CHECKSUM) : undefined,
    rodcIdentifier: rodc,
  };
}

/**
 * Signs a laid-out PAC into a new array. `ticketSigningData` is required when the layout has room
 * for the ticket signature; the keys must be of the enctypes the layout was made for.
 */
export function signPacLayout(layout: PacSigningLayout, keys: { serverKey: KerberosKey; kdcKey: KerberosKey; ticketSigningData?: Uint8Array }): Uint8Array {
  const { serverType, kdcType } = layout;
  if (checksumTypeForEtype(keys.serverKey.etype) !== serverType || checksumTypeForEtype(keys.kdcKey.etype) !== kdcType) {
    throw new RangeError('PAC layout made for keys of other enctypes');
  }
  const kdcSize = checksumProfile(kdcType).size;
  const serverSize = checksumProfile(serverType).size;
  const rodc = layout.rodcIdentifier;
  const bytes = layout.bytes.slice();
  if (layout.ticketAt !== undefined) {
    if (!keys.ticketSigningData) throw new RangeError('PAC layout has a ticket signature but no ticket signing data was given');
    bytes.set(checksum(kdcType, keys.kdcKey, USAGE, keys.ticketSigningData), layout.ticketAt);
    if (rodc !== undefined) writeLe16(bytes, layout.ticketAt + kdcSize, rodc);
  }
  if (layout.fullAt !== undefined) {
    bytes.set(checksum(kdcType, keys.kdcKey, USAGE, bytes), layout.fullAt);
    if (rodc !== undefined) writeLe16(bytes, layout.fullAt + kdcSize, rodc);
  }
  const s = layout.serverAt;
  bytes.set(checksum(serverType, keys.serverKey, USAGE, bytes), s);
  const k = layout.kdcAt;
  bytes.set(checksum(kdcType, keys.kdcKey, USAGE, bytes.subarray(s, s + serverSize)), k);
  if (rodc !== undefined) writeLe16(bytes, k + kdcSize, rodc);
  return bytes;
}

/**
 * Builds and signs a PAC (layoutPacForSigning, then signPacLayout). Signature buffers already in
 * `buffers` keep their position (re-signing); missing ones are appended in the order server, KDC,
 * ticket, extended KDC. A ticket or extended KDC signature buffer in the input is dropped when the
 * options do not ask for it.
 */
export function signPac(buffers: readonly PacBuffer[], opts: PacSignOptions): Uint8Array {
  const layout = layoutPacForSigning(buffers, {
    serverEtype: opts.serverKey.etype,
    kdcEtype: opts.kdcKey.etype,
    ...(opts.rodcIdentifier !== undefined ? { rodcIdentifier: opts.rodcIdentifier } : {}),
    ticket: opts.ticketSigningData !== undefined,
    fullChecksum: opts.fullChecksum === true,
  });
  return signPacLayout(layout, opts);
}

/** valid / invalid (wrong MAC, wrong or unknown checksum type for the key) / absent / unchecked (no key or data given). */
export type SignatureStatus = 'valid' | 'invalid' | 'absent' | 'unchecked';

export interface PacVerification {
  server: SignatureStatus;
  kdc: SignatureStatus;
  ticket: SignatureStatus;
  full: SignatureStatus;
  /** The RODCIdentifier the KDC signature carries, if any. */
  rodcIdentifier?: number;
}

export interface PacVerifyOptions {
  serverKey?: KerberosKey;
  kdcKey?: KerberosKey;
  /** The EncTicketPart with the PAC replaced by one zero byte, to check the ticket signature. */
  ticketSigningData?: Uint8Array;
}

function check(key: KerberosKey | undefined, buf: PacBufferLocation | undefined, data: () => Uint8Array): SignatureStatus {
  if (!buf) return 'absent';
  if (!key) return 'unchecked';
  const sig = decodeSignatureData(buf.data);
  try {
    if (sig.signatureType !== checksumTypeForEtype(key.etype)) return 'invalid';
    return verifyChecksum(sig.signatureType, key, USAGE, data(), sig.signature) ? 'valid' : 'invalid';
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    return 'invalid'; // an unsupported checksum or key type: the signature cannot be one we accept
  }
}

/** Checks every signature the PAC carries against the keys given. DecodeError on a malformed PAC. */
export function verifyPac(pac: Uint8Array, opts: PacVerifyOptions): PacVerification {
  const buffers = decodePacType(pac);
  const find = (type: number) => {
    const all = buffers.filter((b) => b.type === type);
    if (all.length > 1) throw new DecodeError('PAC', `buffer type ${type} appears twice`, all[1].offset);
    return all[0];
  };
  const server = find(PAC_TYPE.SERVER_CHECKSUM);
  const kdc = find(PAC_TYPE.PRIVSVR_CHECKSUM);
  const ticket = find(PAC_TYPE.TICKET_CHECKSUM);
  const full = find(PAC_TYPE.FULL_CHECKSUM);
  for (const b of [server, kdc, ticket, full]) if (b && b.data.length < 4) throw new DecodeError('PAC_SIGNATURE_DATA', 'shorter than 4 bytes', b.offset);

  const zeroed = (...bufs: Array<PacBufferLocation | undefined>) => {
    const copy = pac.slice();
    for (const b of bufs) if (b) copy.fill(0, b.offset + 4, b.offset + b.data.length);
    return copy;
  };
  const result: PacVerification = {
    server: check(opts.serverKey, server, () => zeroed(server, kdc)),
    kdc: server ? check(opts.kdcKey, kdc, () => server.data.subarray(4)) : kdc ? 'invalid' : 'absent',
    ticket: opts.ticketSigningData ? check(opts.kdcKey, ticket, () => opts.ticketSigningData as Uint8Array) : ticket ? 'unchecked' : 'absent',
    full: check(opts.kdcKey, full, () => zeroed(server, kdc, full)),
  };
  if (kdc) {
    const rodcIdentifier = decodeSignatureData(kdc.data).rodcIdentifier;
    if (rodcIdentifier !== undefined) result.rodcIdentifier = rodcIdentifier;
  }
  return result;
}
