/**
 * What the decoders may use to open messages: the lab's directory (live: the admin API's changes
 * included) and key table, Entra's copy of the krbtgt_AzureAD keys (the tenant's KerberosDomain
 * objects), and whether secrets are shown. The UI server builds one; tests build their own.
 */
import type { Directory } from '../../directory/model.ts';
import type { KeyTable } from '../../kerberos/keys/keytable.ts';
import type { PartialTgtKey } from '../../kerberos/partial-tgt/index.ts';
import type { SecretPolicy } from './tree.ts';

export interface DecodeContext extends SecretPolicy {
  readonly directory: Directory;
  readonly keys: KeyTable;
  /** Entra's keys for partial TGTs (current and previous of each KerberosDomain), if any. */
  cloudPartialTgtKeys?(): readonly PartialTgtKey[];
}
