import * as k from '../../../../emulator/kerberos/asn1/index.ts';

/** Sample values of every message type, with every optional field present or absent. */
const T0 = Date.UTC(2024, 0, 2, 3, 4, 5);
const realm = 'FABRIKAM.LOCAL';
const alice: k.PrincipalName = { nameType: k.NAME_TYPE.NT_PRINCIPAL, nameString: ['alice'] };
const krbtgt: k.PrincipalName = { nameType: k.NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', realm] };
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const key: k.EncryptionKey = { keytype: 18, keyvalue: bytes(32) };
const enc = (etype: number, kvno?: number): k.EncryptedData =>
  kvno === undefined ? { etype, cipher: bytes(40, etype) } : { etype, kvno, cipher: bytes(40, etype) };

export const ticket: k.Ticket = { realm, sname: krbtgt, encPart: enc(18, 0x80010002) };

export const encTicketPartFull: k.EncTicketPart = {
  flags: k.TICKET_FLAGS.from(['forwardable', 'renewable', 'initial', 'pre-authent', 'enc-pa-rep']),
  key,
  crealm: realm,
  cname: alice,
  transited: { trType: k.TR_TYPE.DOMAIN_X500_COMPRESS, contents: new Uint8Array(0) },
  authtime: T0,
  starttime: T0,
  endtime: T0 + 10 * 3600_000,
  renewTill: T0 + 7 * 86400_000,
  caddr: [{ addrType: k.ADDR_TYPE.ADDRTYPE_IPV4, address: Uint8Array.of(127, 0, 0, 1) }],
  authorizationData: k.pacAuthorizationData(bytes(64)),
};
export const encTicketPartMin: k.EncTicketPart = {
  flags: 0,
  key,
  crealm: realm,
  cname: alice,
  transited: { trType: 1, contents: new Uint8Array(0) },
  authtime: T0,
  endtime: T0 + 3600_000,
};

/** An optional SEQUENCE OF that is present but empty must stay present (X.690 keeps it). */
export const encTicketPartEmptyCaddr: k.EncTicketPart = { ...encTicketPartMin, caddr: [] };

export const reqBody: k.KdcReqBody = {
  kdcOptions: 0x40810010,
  cname: alice,
  realm,
  sname: krbtgt,
  from: T0,
  till: Date.UTC(2037, 8, 13, 2, 48, 5),
  rtime: Date.UTC(2037, 8, 13, 2, 48, 5),
  nonce: 0xfedcba98,
  etype: [18, 17, 23, 24, -135],
  addresses: [{ addrType: k.ADDR_TYPE.ADDRTYPE_NETBIOS, address: new TextEncoder().encode('WS01            ') }],
  encAuthorizationData: enc(18),
  additionalTickets: [ticket],
};

export const asReq: k.AsReq = {
  padata: [
    k.paData(k.PA.PA_ENC_TIMESTAMP, enc(18)),
    k.paData(k.PA.PA_PAC_REQUEST, { includePac: true }),
    k.paData(k.PA.PA_PAC_OPTIONS, { flags: k.PA_PAC_OPTIONS_FLAGS.from(['Claims', 'Branch-Aware']) }),
  ],
  reqBody: { kdcOptions: 0x40810010, cname: alice, realm, sname: krbtgt, till: T0, nonce: 12345, etype: [18, 17] },
};

export const authenticator: k.Authenticator = {
  crealm: realm,
  cname: alice,
  cksum: { cksumtype: 16, checksum: bytes(12) },
  cusec: 999999,
  ctime: T0,
  subkey: key,
  seqNumber: 0xffffffff,
  authorizationData: [{ adType: k.AD_TYPE.AD_ETYPE_NEGOTIATION, adData: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x12) }],
};

export const apReq: k.ApReq = {
  apOptions: k.AP_OPTIONS.from(['mutual-required']),
  ticket,
  authenticator: enc(18),
};

export const tgsReq: k.TgsReq = {
  padata: [
    k.paData(k.PA.PA_TGS_REQ, apReq),
    k.paData(k.PA.KERB_KEY_LIST_REQ, [23]),
    { padataType: 999, padataValue: Uint8Array.of(1, 2, 3) },
  ],
  reqBody,
};

export const asRep: k.AsRep = {
  padata: [k.paData(k.PA.PA_ETYPE_INFO2, [{ etype: 18, salt: 'FABRIKAM.LOCALalice' }])],
  crealm: realm,
  cname: alice,
  ticket,
  encPart: enc(18, 3),
};
export const tgsRep: k.TgsRep = { crealm: realm, cname: alice, ticket, encPart: enc(18) };

export const encKdcRepPart: k.EncKdcRepPart = {
  key,
  lastReq: [{ lrType: 0, lrValue: T0 }],
  nonce: 0x80000001,
  keyExpiration: Date.UTC(2037, 8, 13, 2, 48, 5),
  flags: k.TICKET_FLAGS.from(['forwardable', 'renewable', 'pre-authent']),
  authtime: T0,
  starttime: T0,
  endtime: T0 + 36000_000,
  renewTill: T0 + 7 * 86400_000,
  srealm: realm,
  sname: krbtgt,
  caddr: [{ addrType: k.ADDR_TYPE.ADDRTYPE_IPV6, address: new Uint8Array(16) }],
  encryptedPaData: [
    k.paData(k.PA.KERB_KEY_LIST_REP, [{ keytype: 23, keyvalue: bytes(16) }]),
    k.paData(k.PA.PA_SUPPORTED_ETYPES, 0x1f),
  ],
};
export const encKdcRepPartMin: k.EncKdcRepPart = {
  key,
  lastReq: [],
  nonce: 1,
  flags: 0,
  authtime: T0,
  endtime: T0,
  srealm: realm,
  sname: krbtgt,
};

export const apRep: k.ApRep = { encPart: enc(18) };
export const encApRepPart: k.EncApRepPart = { ctime: T0, cusec: 5, subkey: key, seqNumber: 42 };

export const krbErrorFull: k.KrbErrorMessage = {
  ctime: T0,
  cusec: 1,
  stime: T0,
  susec: 2,
  errorCode: 25,
  crealm: realm,
  cname: alice,
  realm,
  sname: krbtgt,
  eText: 'Additional pre-authentication required',
  eData: k.encodeMethodData([
    k.paData(k.PA.PA_ETYPE_INFO2, [{ etype: 18, salt: 'FABRIKAM.LOCALalice', s2kparams: Uint8Array.of(0, 0, 16, 0) }]),
    { padataType: k.PA.PA_ENC_TIMESTAMP, padataValue: new Uint8Array(0) },
  ]),
};
export const krbErrorTyped: k.KrbErrorMessage = {
  stime: T0,
  susec: 0,
  errorCode: 24,
  realm,
  sname: krbtgt,
  eData: k.encodeTypedData([{ dataType: 3, dataValue: Uint8Array.of(0x6d, 0, 0, 0xc0) }, { dataType: 4 }]),
};

export const krbCredInfo: k.KrbCredInfo = {
  key,
  prealm: realm,
  pname: alice,
  flags: 0x40e10000,
  authtime: T0,
  starttime: T0,
  endtime: T0,
  renewTill: T0,
  srealm: realm,
  sname: krbtgt,
  caddr: [{ addrType: k.ADDR_TYPE.ADDRTYPE_IPV4, address: Uint8Array.of(192, 0, 2, 1) }],
};
export const krbCred: k.KrbCred = { tickets: [ticket, ticket], encPart: { etype: 0, cipher: bytes(10) } };
export const encKrbCredPart: k.EncKrbCredPart = {
  ticketInfo: [krbCredInfo, { key }],
  nonce: 7,
  timestamp: T0,
  usec: 3,
  sAddress: { addrType: 2, address: Uint8Array.of(10, 0, 0, 1) },
  rAddress: { addrType: 2, address: Uint8Array.of(10, 0, 0, 2) },
};

/** [codec, value, expected first octet (the [APPLICATION n] tag or 0x30)] for the round-trip test. */
export const SAMPLES: [string, k.Codec<any>, unknown, number][] = [
  ['AS-REQ', k.AsReq, asReq, 0x6a],
  ['AS-REP', k.AsRep, asRep, 0x6b],
  ['TGS-REQ', k.TgsReq, tgsReq, 0x6c],
  ['TGS-REP', k.TgsRep, tgsRep, 0x6d],
  ['AP-REQ', k.ApReq, apReq, 0x6e],
  ['AP-REP', k.ApRep, apRep, 0x6f],
  ['KRB-CRED', k.KrbCred, krbCred, 0x76],
  ['KRB-ERROR (METHOD-DATA)', k.KrbErrorMessage, krbErrorFull, 0x7e],
  ['KRB-ERROR (TYPED-DATA)', k.KrbErrorMessage, krbErrorTyped, 0x7e],
  ['Ticket', k.Ticket, ticket, 0x61],
  ['Authenticator', k.Authenticator, authenticator, 0x62],
  ['EncTicketPart (all fields)', k.EncTicketPart, encTicketPartFull, 0x63],
  ['EncTicketPart (required only)', k.EncTicketPart, encTicketPartMin, 0x63],
  ['EncTicketPart (empty caddr kept)', k.EncTicketPart, encTicketPartEmptyCaddr, 0x63],
  ['EncASRepPart', k.EncAsRepPart, encKdcRepPart, 0x79],
  ['EncTGSRepPart', k.EncTgsRepPart, encKdcRepPartMin, 0x7a],
  ['EncAPRepPart', k.EncApRepPart, encApRepPart, 0x7b],
  ['EncKrbCredPart', k.EncKrbCredPart, encKrbCredPart, 0x7d],
  ['KDC-REQ-BODY (all fields)', k.KdcReqBody, reqBody, 0x30],
  ['EncKDCRepPart', k.EncKdcRepPart, encKdcRepPart, 0x30],
  ['KrbCredInfo', k.KrbCredInfo, krbCredInfo, 0x30],
  ['EncryptedData', k.EncryptedData, enc(23), 0x30],
  ['EncryptionKey', k.EncryptionKey, key, 0x30],
  ['PrincipalName', k.PrincipalName, krbtgt, 0x30],
  ['HostAddresses', k.HostAddresses, reqBody.addresses, 0x30],
  ['AuthorizationData', k.AuthorizationData, encTicketPartFull.authorizationData, 0x30],
  ['METHOD-DATA', k.MethodData, tgsReq.padata, 0x30],
  ['TYPED-DATA', k.TypedData, [{ dataType: 1 }], 0x30],
  ['KERB-ERROR-DATA', k.KerbErrorData, { dataType: 3, dataValue: Uint8Array.of(1) }, 0x30],
  ['PA-ENC-TS-ENC', k.PaEncTsEnc, { patimestamp: T0 }, 0x30],
  ['ETYPE-INFO2', k.EtypeInfo2, [{ etype: 18 }, { etype: 23, salt: '' }], 0x30],
  ['KERB-KEY-LIST-REP', k.KerbKeyListRep, [key], 0x30],
];
