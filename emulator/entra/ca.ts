/**
 * The lab CA and the certificates it issues (X.509 with pkijs on asn1js, signatures with WebCrypto):
 *   - the CA: ECDSA P-256, its key derived from the scenario seed (so `ctlab ca` without a running
 *     lab writes a CA that trusts the running lab's certificate), subject
 *     `CN=cloudtrust-lab CA <seed>`, valid 2020-01-01 .. 2049-12-31;
 *   - the TLS certificate of the token endpoint (key also from the seed) for login.microsoftonline.com,
 *     login.windows.net, enterpriseregistration.windows.net, the lab host names and addresses;
 *   - device certificates from a PKCS#10 CSR, subject exactly `CN=<deviceId>` (roadlib prints every
 *     subject attribute as the device id).
 * The CA's signature bytes differ per run (ECDSA is randomised); its key and name do not.
 */
import { createECDH, createHash, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
import { isIP } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derive } from '../directory/ids.ts';

const subtle = webcrypto.subtle;
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface CertKeyPair {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** PKCS#8 PEM of the private key (node:tls wants it). */
  readonly privatePem: string;
}

/** A P-256 key pair whose private scalar comes from the seed and a label. */
export async function seededEcKey(seed: string, label: string): Promise<CertKeyPair> {
  let d = BigInt('0x' + Buffer.from(derive(seed, `entra-key:${label}`)).toString('hex')) % (P256_ORDER - 1n) + 1n;
  const dBytes = Buffer.from(d.toString(16).padStart(64, '0'), 'hex');
  d = 0n;
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(dBytes);
  const pub = ecdh.getPublicKey();
  const jwk = { kty: 'EC', crv: 'P-256', x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') };
  const privateKey = await subtle.importKey('jwk', { ...jwk, d: dBytes.toString('base64url') }, ECDSA, true, ['sign']);
  const publicKey = await subtle.importKey('jwk', jwk, ECDSA, true, ['verify']);
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', privateKey));
  return { privateKey, publicKey, privatePem: pem('PRIVATE KEY', pkcs8) };
}

export function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

const cn = (value: string) => new pkijs.RelativeDistinguishedNames({ typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value }) })] });

function ext(extnID: string, critical: boolean, value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): pkijs.Extension {
  const schema = 'toSchema' in value ? value.toSchema() : value;
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

/** KeyUsage bits (RFC 5280 4.2.1.3) as a BIT STRING with the unused-bit count. */
function keyUsage(bits: number[]): asn1js.BitString {
  let v = 0;
  for (const b of bits) v |= 0x8000 >> b;
  const bytes = v & 0xff ? [v >> 8, v & 0xff] : [v >> 8];
  const last = bytes[bytes.length - 1];
  let unused = 0;
  while (unused < 7 && !(last & (1 << unused))) unused++;
  return new asn1js.BitString({ valueHex: new Uint8Array(bytes).buffer, unusedBits: unused });
}

async function keyId(spki: pkijs.PublicKeyInfo): Promise<Uint8Array> {
  return new Uint8Array(createHash('sha1').update(new Uint8Array(spki.subjectPublicKey.valueBlock.valueHexView)).digest());
}

export interface IssueOptions {
  readonly subjectCn: string;
  readonly spki: pkijs.PublicKeyInfo;
  readonly serial: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly ca?: boolean;
  /** DNS names and IP addresses for subjectAltName. */
  readonly altNames?: readonly string[];
  /** Extended key usage OIDs. */
  readonly eku?: readonly string[];
}

export class LabCa {
  readonly name: string;
  readonly key: CertKeyPair;
  readonly certificate: Uint8Array;
  private readonly caSpki: pkijs.PublicKeyInfo;
  private constructor(name: string, key: CertKeyPair, certificate: Uint8Array, spki: pkijs.PublicKeyInfo) {
    this.name = name;
    this.key = key;
    this.certificate = certificate;
    this.caSpki = spki;
  }

  /** The CA of a scenario seed. */
  static async fromSeed(seed: string): Promise<LabCa> {
    const key = await seededEcKey(seed, 'ca');
    const name = `cloudtrust-lab CA ${seed}`;
    const spki = new pkijs.PublicKeyInfo();
    await spki.importKey(key.publicKey);
    const cert = await signCertificate(
      { subjectCn: name, spki, serial: derive(seed, 'entra-ca-serial').slice(0, 16), notBefore: new Date(Date.UTC(2020, 0, 1)), notAfter: new Date(Date.UTC(2049, 11, 31)), ca: true },
      name,
      key.privateKey,
      spki,
    );
    return new LabCa(name, key, cert, spki);
  }

  get pem(): string {
    return pem('CERTIFICATE', this.certificate);
  }

  /** Issues a certificate signed by this CA (DER). */
  issue(o: IssueOptions): Promise<Uint8Array> {
    return signCertificate(o, this.name, this.key.privateKey, this.caSpki);
  }
}

async function signCertificate(o: IssueOptions, issuerCn: string, signer: CryptoKey, issuerSpki: pkijs.PublicKeyInfo): Promise<Uint8Array> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = new Uint8Array(o.serial);
  serial[0] &= 0x7f;
  if (serial[0] === 0) serial[0] = 1;
  cert.serialNumber = new asn1js.Integer({ valueHex: serial.buffer });
  cert.subject = cn(o.subjectCn);
  cert.issuer = cn(issuerCn);
  cert.notBefore.value = o.notBefore;
  cert.notAfter.value = o.notAfter;
  cert.subjectPublicKeyInfo = o.spki;
  const extensions: pkijs.Extension[] = [];
  if (o.ca) {
    extensions.push(ext('2.5.29.19', true, new pkijs.BasicConstraints({ cA: true })));
    extensions.push(ext('2.5.29.15', true, keyUsage([5, 6]))); // keyCertSign, cRLSign
  } else {
    extensions.push(ext('2.5.29.19', true, new pkijs.BasicConstraints({ cA: false })));
    extensions.push(ext('2.5.29.15', true, keyUsage([0, 2]))); // digitalSignature, keyEncipherment
  }
  extensions.push(ext('2.5.29.14', false, new asn1js.OctetString({ valueHex: (await keyId(o.spki)).slice().buffer })));
  extensions.push(ext('2.5.29.35', false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: (await keyId(issuerSpki)).slice().buffer }) })));
  if (o.eku?.length) extensions.push(ext('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: [...o.eku] })));
  if (o.altNames?.length) {
    const names = o.altNames.map((n) => {
      const ip = isIP(n);
      if (ip === 4) return new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: new Uint8Array(n.split('.').map(Number)).buffer }) });
      return new pkijs.GeneralName({ type: 2, value: n });
    });
    extensions.push(ext('2.5.29.17', false, new pkijs.GeneralNames({ names })));
  }
  cert.extensions = extensions;
  await cert.sign(signer, 'SHA-256');
  return new Uint8Array(cert.toSchema(true).toBER(false));
}

/** Parses and verifies a PKCS#10 request; returns its public key info (RangeError when it is no valid CSR). */
export async function checkCsr(der: Uint8Array): Promise<pkijs.PublicKeyInfo> {
  let csr: pkijs.CertificationRequest;
  try {
    csr = pkijs.CertificationRequest.fromBER(der);
  } catch (err) {
    throw new RangeError(`CertificateRequest.Data is no PKCS#10 request: ${(err as Error).message}`);
  }
  let ok = false;
  try {
    ok = await csr.verify();
  } catch (err) {
    throw new RangeError(`the PKCS#10 request's signature cannot be checked: ${(err as Error).message}`);
  }
  if (!ok) throw new RangeError("the PKCS#10 request's signature does not verify with its own key");
  return csr.subjectPublicKeyInfo;
}

/** The subject CN of a certificate (DER), or undefined. */
export function certificateSubjectCn(der: Uint8Array): string | undefined {
  const cert = pkijs.Certificate.fromBER(der);
  for (const tv of cert.subject.typesAndValues) if (tv.type === '2.5.4.3') return String(tv.value.valueBlock.value);
  return undefined;
}
