/**
 * Windows Hello for Business keys registered with `POST /EnrollmentServer/key` (`kngc`), keyed by
 * the `kid` a Hello assertion names: standard base64 of SHA-256 of the key blob.
 */
export interface HelloKey {
  readonly kid: string;
  /** BCRYPT_RSAPUBLIC_BLOB (magic RSA1) as registered. */
  readonly blob: Uint8Array;
  readonly userObjectId: string;
  readonly deviceId?: string;
  readonly createdAt: number;
}

export interface HelloKeyStore {
  get(kid: string): HelloKey | undefined;
  put(k: HelloKey): void;
  remove(kid: string): boolean;
  list(): readonly HelloKey[];
}

export class MemoryHelloKeyStore implements HelloKeyStore {
  private readonly byKid = new Map<string, HelloKey>();
  get(kid: string): HelloKey | undefined {
    return this.byKid.get(kid);
  }
  put(k: HelloKey): void {
    this.byKid.set(k.kid, k);
  }
  remove(kid: string): boolean {
    return this.byKid.delete(kid);
  }
  list(): readonly HelloKey[] {
    return [...this.byKid.values()];
  }
}
