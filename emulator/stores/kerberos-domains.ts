/**
 * The cloud side's KerberosDomain objects as a run-time store: Entra's own copy of the
 * krbtgt_AzureAD key that seals partial TGTs (the `Cloud*` fields of Get-AzureADKerberosServer).
 *
 * The scenario builds the initial state (tenant.kerberosDomains); the token endpoint reads through
 * the store on every PRT grant, and the Kerberos server admin API (set, rotate --cloud-only,
 * remove) writes it. It is deliberately a separate store from the AD side's krbtgt_AzureAD keys:
 * a rotation that reached one side only must be representable (PROTOCOL.md section 6).
 */
import type { KerberosDomain } from '../tenant/model.ts';

export interface KerberosDomainStore {
  /** The KerberosDomain for an AD DNS domain (case-insensitive), or undefined when none exists. */
  get(domainDnsName: string): KerberosDomain | undefined;
  /** Every KerberosDomain of the tenant, in insertion order. */
  list(): readonly KerberosDomain[];
  /** Creates or replaces the object for `kd.domainDnsName`. */
  put(kd: KerberosDomain): void;
  /** Removes it; true when one existed. */
  remove(domainDnsName: string): boolean;
}

/** The in-memory implementation the lab runs on. */
export class MemoryKerberosDomainStore implements KerberosDomainStore {
  private readonly byDomain = new Map<string, KerberosDomain>();
  constructor(initial: readonly KerberosDomain[] = []) {
    for (const kd of initial) this.put(kd);
  }
  get(domainDnsName: string): KerberosDomain | undefined {
    return this.byDomain.get(domainDnsName.toLowerCase());
  }
  list(): readonly KerberosDomain[] {
    return [...this.byDomain.values()];
  }
  put(kd: KerberosDomain): void {
    this.byDomain.set(kd.domainDnsName.toLowerCase(), kd);
  }
  remove(domainDnsName: string): boolean {
    return this.byDomain.delete(domainDnsName.toLowerCase());
  }
}
