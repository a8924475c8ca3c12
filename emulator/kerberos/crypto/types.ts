/** A protocol key: the enctype number (RFC 3961 section 8) and the raw key bytes. */
export interface KerberosKey {
  etype: number;
  bytes: Uint8Array;
}

/**
 * One encryption type as data plus its operations (RFC 3961 section 3). The sizes are what
 * callers (ETYPE-INFO2, keytabs, the KDC) need without knowing the algorithm.
 */
export interface EncTypeProfile {
  readonly etype: number;
  /** The spec / MIT name, e.g. "aes256-cts-hmac-sha1-96". */
  readonly name: string;
  /** Protocol key length in bytes. */
  readonly keySize: number;
  /** Cipher block size in bytes (1 for the RC4 stream cipher). */
  readonly blockSize: number;
  /** Confounder length in bytes prepended to the plaintext. */
  readonly confounderSize: number;
  /** Integrity tag length in bytes carried with each ciphertext. */
  readonly macSize: number;
  /** The checksum type that goes with this enctype (RFC 3961 "required checksum mechanism"). */
  readonly checksumType: number;
  /** Default s2kparams (RFC 3961 section 3), the bytes ETYPE-INFO2 would carry; undefined when none. */
  readonly defaultS2kParams?: Uint8Array;
  encrypt(key: Uint8Array, usage: number, plaintext: Uint8Array, confounder: Uint8Array): Uint8Array;
  /** Throws KRB_AP_ERR_BAD_INTEGRITY on a bad integrity tag or truncated input. */
  decrypt(key: Uint8Array, usage: number, ciphertext: Uint8Array): Uint8Array;
  stringToKey(password: string, salt: Uint8Array, s2kparams?: Uint8Array): Uint8Array;
  randomToKey(seed: Uint8Array): Uint8Array;
}

/** One checksum type (RFC 3961 section 4): the keyed MAC over data for a key usage. */
export interface ChecksumProfile {
  readonly cksumtype: number;
  readonly name: string;
  /** Output length in bytes. */
  readonly size: number;
  /** The enctype whose keys this checksum is keyed with. */
  readonly etype: number;
  compute(key: Uint8Array, usage: number, data: Uint8Array): Uint8Array;
}
