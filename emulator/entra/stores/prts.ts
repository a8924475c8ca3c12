/**
 * Issued Primary Refresh Tokens and ordinary refresh tokens, keyed by the opaque token string the
 * client holds. A PRT is bound to its device and carries the session key its clientKey JWEs and
 * renewals derive from; a refresh token is bound to the client and resource it was issued for.
 */
export interface IssuedPrt {
  readonly kind: 'prt';
  readonly userObjectId: string;
  readonly deviceId: string;
  readonly sessionKey: Uint8Array;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export interface IssuedRefreshToken {
  readonly kind: 'refresh';
  readonly userObjectId: string;
  readonly clientId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export type IssuedGrant = IssuedPrt | IssuedRefreshToken;

export interface GrantStore {
  get(token: string): IssuedGrant | undefined;
  put(token: string, g: IssuedGrant): void;
  remove(token: string): boolean;
  readonly size: number;
}

const MAX_GRANTS = 200_000;

export class MemoryGrantStore implements GrantStore {
  private readonly grants = new Map<string, IssuedGrant>();
  get(token: string): IssuedGrant | undefined {
    return this.grants.get(token);
  }
  put(token: string, g: IssuedGrant): void {
    if (this.grants.size >= MAX_GRANTS) {
      const oldest = this.grants.keys().next();
      if (!oldest.done) this.grants.delete(oldest.value);
    }
    this.grants.set(token, g);
  }
  remove(token: string): boolean {
    return this.grants.delete(token);
  }
  get size(): number {
    return this.grants.size;
  }
}
