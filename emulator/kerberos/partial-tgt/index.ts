/**
 * Tickets the cloud issues (PROTOCOL.md sections 1 and 2): the partial TGT sealed with Entra's copy
 * of the krbtgt_AzureAD key, the cloud TGT, and the AS-REP a token endpoint wraps them in. A
 * Kerberos module shared by the token endpoint and the KDC's tests; it imports nothing of either.
 */
export * from './partial-tgt.ts';
export * from './as-rep.ts';
export * from './cloud-tgt.ts';
export { sealTicket } from './seal.ts';
