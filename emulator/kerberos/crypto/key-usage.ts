/**
 * Key usage numbers, RFC 4120 section 7.5.1, plus the MS-KILE / MS-PAC / RFC 6113 ones the lab
 * uses. Names follow the RFC's descriptions; the number is what goes into the derivation.
 */
export const KeyUsage = {
  /** AS-REQ PA-ENC-TIMESTAMP padata timestamp, encrypted with the client key (RFC 4120 7.5.1: 1). */
  PA_ENC_TIMESTAMP: 1,
  /** AS-REP / TGS-REP Ticket, encrypted with the service key (2). */
  KDC_REP_TICKET: 2,
  /** AS-REP encrypted part, encrypted with the client key (3). */
  AS_REP_ENCPART: 3,
  /** TGS-REQ KDC-REQ-BODY AuthorizationData, encrypted with the TGS session key (4). */
  TGS_REQ_AD_SESSKEY: 4,
  /** TGS-REQ KDC-REQ-BODY AuthorizationData, encrypted with the TGS authenticator subkey (5). */
  TGS_REQ_AD_SUBKEY: 5,
  /** TGS-REQ PA-TGS-REQ padata AP-REQ Authenticator cksum, keyed with the TGS session key (6). */
  TGS_REQ_AUTH_CKSUM: 6,
  /** TGS-REQ PA-TGS-REQ padata AP-REQ Authenticator, encrypted with the TGS session key (7). */
  TGS_REQ_AUTH: 7,
  /** TGS-REP encrypted part, encrypted with the TGS session key (8). */
  TGS_REP_ENCPART_SESSKEY: 8,
  /** TGS-REP encrypted part, encrypted with the TGS authenticator subkey (9). */
  TGS_REP_ENCPART_SUBKEY: 9,
  /** AP-REQ Authenticator cksum, keyed with the application session key (10). */
  AP_REQ_AUTH_CKSUM: 10,
  /** AP-REQ Authenticator, encrypted with the application session key (11). */
  AP_REQ_AUTH: 11,
  /** AP-REP encrypted part, encrypted with the application session key (12). */
  AP_REP_ENCPART: 12,
  /** KRB-PRIV encrypted part (13). */
  KRB_PRIV_ENCPART: 13,
  /** KRB-CRED encrypted part (14). */
  KRB_CRED_ENCPART: 14,
  /** KRB-SAFE cksum (15). */
  KRB_SAFE_CKSUM: 15,
  /** MS-KILE: KERB_NON_KERB_SALT (16); RFC 4120 7.5.1 reserves 16-18. */
  KERB_NON_KERB_SALT: 16,
  /** MS-PAC 2.8: PAC server and KDC signatures use KERB_NON_KERB_CKSUM_SALT (17). */
  KERB_NON_KERB_CKSUM_SALT: 17,
  /** RFC 4120 7.5.1: AD-KDCIssued checksum (19). */
  AD_KDCIssued: 19,
  /** RFC 6113 5.4.2: KEY_USAGE_FAST_REQ_CHKSUM (50). */
  FAST_REQ_CHKSUM: 50,
  /** RFC 6113 5.4.2: KEY_USAGE_FAST_ENC (51). */
  FAST_ENC: 51,
  /** RFC 6113 5.4.2: KEY_USAGE_FAST_REP (52). */
  FAST_REP: 52,
  /** RFC 6113 5.4.2: KEY_USAGE_FAST_FINISHED (53). */
  FAST_FINISHED: 53,
  /** RFC 6113 5.4.2: KEY_USAGE_ENC_CHALLENGE_CLIENT (54). */
  ENC_CHALLENGE_CLIENT: 54,
  /** RFC 6113 5.4.2: KEY_USAGE_ENC_CHALLENGE_KDC (55). */
  ENC_CHALLENGE_KDC: 55,
} as const;

export type KeyUsageName = keyof typeof KeyUsage;
