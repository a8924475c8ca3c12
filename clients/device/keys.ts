/**
 * The keys a Windows device holds for Entra ID (PROTOCOL.md section 1): the device key (its
 * certificate's key, signs the PRT request JWT), the transport key (the session key is wrapped to
 * it with RSA-OAEP), and, when the user provisions Windows Hello, the Hello key (signs the
 * jwt-bearer assertion). RSA 2048 from node:crypto; public keys travel as BCRYPT_RSAKEY_BLOB
 * ("RSA1") as Windows sends them; the CSR is PKCS#10 made with pkijs.
 */
import { createHash, createPrivateKey, createPublicKey, webcrypto, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface DeviceKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The same key for WebCrypto (pkijs signs the CSR with it). */
  readonly crypto: webcrypto.CryptoKeyPair;
}

export async function generateRsaKey(): Promise<DeviceKey> {
  const pair = (await webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey), crypto: pair };
}

/** A key read back from PKCS#8 PEM (`ctlab device register --out`). */
export async function importRsaKey(pem: string): Promise<DeviceKey> {
  const privateKey = createPrivateKey({ key: pem, format: 'pem' });
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const priv = await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const pub = await webcrypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  return { privateKey, publicKey: createPublicKey(privateKey), crypto: { privateKey: priv, publicKey: pub } };
}

export const pkcs8Pem = (k: DeviceKey): string => k.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** BCRYPT_RSAPUBLIC_BLOB: 'RSA1', bit length, cbPublicExp, cbModulus, 0, 0 (LE), exponent, modulus (BE). */
export function rsa1Blob(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const e = Buffer.from(jwk.e!, 'base64url');
  const n = Buffer.from(jwk.n!, 'base64url');
  const head = Buffer.alloc(24);
  head.write('RSA1', 0, 'latin1');
  head.writeUInt32LE(n.length * 8, 4);
  head.writeUInt32LE(e.length, 8);
  head.writeUInt32LE(n.length, 12);
  return new Uint8Array(Buffer.concat([head, e, n]));
}

/** The Hello key's id as Entra names it: base64 SHA-256 of its RSA1 blob. */
export const helloKeyId = (blob: Uint8Array): string => createHash('sha256').update(blob).digest('base64');

/** A PKCS#10 request for the device key (DER), CN = the device's name. */
export async function certificateRequest(key: DeviceKey, cn: string): Promise<Uint8Array> {
  const csr = new pkijs.CertificationRequest();
  csr.subject.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }));
  await csr.subjectPublicKeyInfo.importKey(key.crypto.publicKey);
  await csr.sign(key.crypto.privateKey, 'SHA-256');
  return new Uint8Array(csr.toSchema().toBER(false));
}
