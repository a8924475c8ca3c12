/**
 * Opening the presented TGT of the ordinary path: the domain krbtgt's key of the ticket's kvno
 * (key table rule: the exact generation when the kvno names one, else current then previous, as
 * AD keeps N-1) and the ticket's enctype. A key that does not fit is KRB_AP_ERR_BAD_INTEGRITY.
 * A TGT sealed with the krbtgt's RC4 key while it has AES keys (no AD KDC issues one) is
 * KRB_ERR_GENERIC with STATUS_INSUFFICIENT_RESOURCES, as Windows answers it (Samba's
 * kdc_tgs_tests test_tgs_rc4/test_renew_rc4, written against Windows).
 * A TGT opened before is found in the context's cache by its enc-part bytes (tgt-cache.ts) instead
 * of being decrypted and decoded again; the kvno rule and the candidate keys are applied first
 * either way. The RODC path opens its tickets in ../rodc/open.ts.
 */
import type { UserAccount } from '../../../directory/model.ts';
import type { EncTicketPart } from '../../asn1/index.ts';
import { EncType, type KerberosKey } from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KeyGeneration } from '../../keys/keytable.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { kdcErrorWithStatus, NTSTATUS } from '../krb-error.ts';
import { unsealTicketWith } from '../ticket.ts';
import type { TgsRequest } from './gather.ts';
import type { OpenedTgtEntry } from './tgt-cache.ts';

/** A decrypted presented ticket and the long-term key that opened it. */
export interface OpenedTicket {
  readonly part: EncTicketPart;
  /** The krbtgt key that decrypted the ticket (its PAC signatures are checked with it). */
  readonly key: KerberosKey;
  readonly generation: KeyGeneration;
  /** The account the key belongs to: the domain krbtgt or a krbtgt_<n>. */
  readonly account: UserAccount;
  /** The cache entry of this TGT (tgt-cache.ts): where its verified PAC is remembered. */
  readonly cached?: OpenedTgtEntry;
}

/** Decrypts a TGT sealed with the domain krbtgt key. */
export function openDomainTgt(ctx: KdcContext, tgs: TgsRequest, ex: ExchangeRecord): OpenedTicket {
  const krbtgt = ctx.directory.krbtgt;
  const sel = ctx.keys.generationsForKvno(krbtgt, tgs.kvno);
  if (!sel) {
    ex.fact = 'the key table holds no keys for the domain krbtgt';
    throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'NO KRBTGT KEYS');
  }
  const etype = tgs.ticket.encPart.etype;
  if (etype === EncType.RC4_HMAC && sel.generations[0].keys.has(EncType.AES256_CTS_HMAC_SHA1_96)) {
    ex.fact = `the TGT is sealed with the krbtgt's RC4 key, but the krbtgt has AES keys: no KDC of this domain issued it`;
    throw kdcErrorWithStatus('KRB_ERR_GENERIC', 'RC4 TGT', NTSTATUS.STATUS_INSUFFICIENT_RESOURCES, 3);
  }
  const hit = ctx.tgtCache.find(tgs.ticket, sel.generations);
  if (hit) {
    ex.detail.krbtgtGeneration = hit.generation.kvno;
    return { part: hit.entry.part, key: hit.key, generation: hit.generation, account: krbtgt, cached: hit.entry };
  }
  try {
    const opened = unsealTicketWith(tgs.ticket, sel.generations);
    ex.detail.krbtgtGeneration = opened.generation.kvno;
    const cached = ctx.tgtCache.remember(tgs.ticket, opened.key, opened.part);
    return { part: cached.part, key: opened.key, generation: opened.generation, account: krbtgt, cached };
  } catch (err) {
    ex.fact = `the TGT (kvno ${tgs.kvno}, etype ${tgs.ticket.encPart.etype}) does not decrypt with the domain krbtgt key (${sel.match} kvno match)`;
    throw err;
  }
}
