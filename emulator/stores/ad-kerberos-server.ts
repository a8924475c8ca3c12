/**
 * The AD side's Kerberos server objects as a run-time store: the `AzureADKerberos` RODC computer,
 * its `krbtgt_AzureAD` account with the keys AD keeps (current and N-1) and msDS-KeyVersionNumber,
 * and when the key last changed and where (KeyUpdatedOn / KeyUpdatedFrom of
 * Get-AzureADKerberosServer). PROTOCOL.md section 3.
 *
 * The scenario builds the initial state (ad-kerberos-objects.ts, from the built directory); the
 * KDC and LDAP read through a live view of the directory over this store (live-directory.ts), and
 * the Kerberos server admin API writes it (set, rotate, rotate --on-prem-only, remove). It is a
 * separate store from the cloud's KerberosDomainStore: a rotation that reached one side only must
 * be representable (PROTOCOL.md section 6).
 */
import type { ComputerAccount, DirectoryEntry, EpochMs, UserAccount } from '../directory/model.ts';

/** Where a generation of krbtgt_AzureAD's key came from (never the key itself). */
export type KeyOrigin = { readonly kind: 'scenario' } | { readonly kind: 'rotation'; readonly serial: number };

/** The AzureADKerberos objects in one domain, as AD holds them now. */
export interface AdKerberosServer {
  /** The RODC number (Id) = msDS-SecondaryKrbTgtNumber of krbtgt_AzureAD. */
  readonly id: number;
  /** `CN=AzureADKerberos,OU=Domain Controllers,...` (AzureADKerberos$). */
  readonly computer: ComputerAccount;
  /** `CN=krbtgt_AzureAD,CN=Users,...` (krbtgt_<Id>); secrets.current.kvno is msDS-KeyVersionNumber. */
  readonly krbtgt: UserAccount;
  readonly serviceConnectionPointDn: string;
  readonly scpId: string;
  /** KeyUpdatedOn: when krbtgt_AzureAD's key was last set. */
  readonly keyUpdatedOn: EpochMs;
  /** KeyUpdatedFrom: the DC that set it (host name). */
  readonly keyUpdatedFrom: string;
  /** Where the current and previous generations came from (for `ctlab keytab`; no key bytes). */
  readonly keyOrigin: { readonly current: KeyOrigin; readonly previous?: KeyOrigin };
  /** The directory entries of these objects (container, SCP, krbtgt, computer), as LDAP shows them. */
  readonly entries: readonly DirectoryEntry[];
}

export interface AdKerberosServerStore {
  /** The objects, or undefined when Set-AzureADKerberosServer has not run (or Remove-... has). */
  get(): AdKerberosServer | undefined;
  /** Creates or replaces them. */
  put(server: AdKerberosServer): void;
  /** Removes them; true when they existed. */
  remove(): boolean;
  /** Increases on every put and remove (readers rebuild their views when it changes). */
  revision(): number;
}

/** The in-memory implementation the lab runs on. */
export class MemoryAdKerberosServerStore implements AdKerberosServerStore {
  private current: AdKerberosServer | undefined;
  private rev = 0;
  constructor(initial?: AdKerberosServer) {
    this.current = initial;
  }
  get(): AdKerberosServer | undefined {
    return this.current;
  }
  put(server: AdKerberosServer): void {
    this.current = server;
    this.rev++;
  }
  remove(): boolean {
    const had = this.current !== undefined;
    this.current = undefined;
    if (had) this.rev++;
    return had;
  }
  revision(): number {
    return this.rev;
  }
}
