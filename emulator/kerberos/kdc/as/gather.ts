/**
 * AS exchange, step 1 of 3 (RFC 4120 3.1.2, MIT do_as_req.c "gather"): read the request and find
 * everything it names in the directory: client and server accounts, their keys, the options and
 * pre-authentication data. Fails with C_PRINCIPAL_UNKNOWN (also for a multi-component client
 * name: AD does not look clients up by SPN) / S_PRINCIPAL_UNKNOWN / WRONG_REALM.
 */
import { findPaValue, KDC_OPTIONS, NAME_TYPE, PA, type KdcReq, type KdcReqBody, type PaData } from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import type { AccountKeys } from '../../keys/keytable.ts';
import type { KdcContext } from '../context.ts';
import { usableEtypes } from '../etypes.ts';
import type { ExchangeRecord } from '../exchange.ts';
import type { FastRequest } from '../fast/armor.ts';
import { findClient, findServer, isOurRealm, isTgsName, requireOurRealm, type PrincipalLookup } from '../principals.ts';

/** PA-REQ-ENC-PA-REP (RFC 6806 11): the client asks for a checksum of its request in the reply. */
export const PA_REQ_ENC_PA_REP = PA.PA_REQ_ENC_PA_REP;

/** What the check and issue steps work from. */
export interface AsRequest {
  readonly req: KdcReq;
  readonly body: KdcReqBody;
  /** The request as received: PA-REQ-ENC-PA-REP's checksum covers these bytes. */
  readonly raw: Uint8Array;
  readonly client: PrincipalLookup;
  readonly clientKeys: AccountKeys;
  readonly server: PrincipalLookup;
  readonly serverKeys: AccountKeys;
  /** sname is krbtgt/REALM: the reply is a TGT. */
  readonly isTgt: boolean;
  /** sname is kadmin/changepw: a password-change ticket (expired passwords allowed, short life). */
  readonly isChangePw: boolean;
  /** Canonicalize requested, or an enterprise name (RFC 6806 5, 6): reply with canonical names. */
  readonly canonicalize: boolean;
  /** The client's enctypes we implement, in its order. */
  readonly etypes: readonly number[];
  /** PA-PAC-REQUEST include-pac, undefined when absent (MS-KILE 2.2.3). */
  readonly pacRequest?: boolean;
  /** The PA-ENC-TIMESTAMP padata, still encoded (check decodes and verifies it). */
  readonly encTimestamp?: PaData;
  readonly reqEncPaRep: boolean;
  /** The armored request (RFC 6113), when the AS-REQ carried PA-FX-FAST and the policy processes it. */
  readonly fast?: FastRequest;
  /** PA-ENCRYPTED-CHALLENGE from the armored request's padata (RFC 6113 5.4.6). */
  readonly encChallenge?: PaData;
}

function isChangePwName(names: readonly string[]): boolean {
  return names.length === 2 && names[0].toLowerCase() === 'kadmin' && names[1].toLowerCase() === 'changepw';
}

/** Reads an AS-REQ and resolves its names, keys and pre-authentication data (fills `ex` as it learns). */
export function gatherAs(ctx: KdcContext, req: KdcReq, raw: Uint8Array, ex: ExchangeRecord, fast?: FastRequest): AsRequest {
  const body = req.reqBody;
  const dir = ctx.directory;
  ex.etypes = body.etype;
  ex.crealm = body.realm;
  ex.srealm = body.realm;
  if (body.cname) ex.cname = body.cname;
  if (body.sname) ex.sname = body.sname;

  if (!isOurRealm(dir, body.realm)) {
    const suffix = dir.domain.upnSuffixes.find((u) => u.toLowerCase() === body.realm.toLowerCase());
    ex.fact = suffix
      ? `${body.realm} is a UPN suffix of ${ctx.realm}, not a realm: ask as ${ctx.realm} or with the enterprise name (kinit -E user@${suffix})`
      : `the request realm ${body.realm} is not ${ctx.realm} (the lab has no trusts)`;
    requireOurRealm(dir, body.realm);
  }
  if (!body.cname) throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'NO CNAME IN AS-REQ');
  if (!body.sname) throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'NO SNAME IN AS-REQ');

  // AD finds an AS-REQ's client by sAMAccountName or UPN, never by SPN: a multi-component name
  // such as host/fs1 is no client (Samba's as_req_tests, written against Windows:
  // KDC_ERR_C_PRINCIPAL_UNKNOWN without e-data).
  const client = body.cname.nameString.length === 1 ? findClient(dir, body.cname) : undefined;
  if (!client) {
    ex.fact = `no account has sAMAccountName, userPrincipalName or servicePrincipalName '${body.cname.nameString.join('/')}'`;
    throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'CLIENT NOT FOUND');
  }
  ex.detail.clientFoundBy = client.by;
  ex.detail.clientDn = client.account.dn;
  const server = findServer(dir, body.sname);
  if (!server) {
    ex.fact = `no account has servicePrincipalName '${body.sname.nameString.join('/')}'`;
    throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'SERVER NOT FOUND');
  }
  const clientKeys = ctx.keys.forAccount(client.account);
  const serverKeys = ctx.keys.forAccount(server.account);
  if (!clientKeys || clientKeys.current.keys.size === 0) {
    ex.fact = `${client.account.samAccountName} has no keys`;
    throw krbError('KDC_ERR_NULL_KEY', 'CLIENT HAS NO KEYS');
  }
  if (!serverKeys || serverKeys.current.keys.size === 0) {
    ex.fact = `${server.account.samAccountName} has no keys`;
    throw krbError('KDC_ERR_NULL_KEY', 'SERVER HAS NO KEYS');
  }

  const padata = req.padata ?? [];
  const pacReq = findPaValue(padata, PA.PA_PAC_REQUEST);
  const encTimestamp = padata.find((p) => p.padataType === PA.PA_ENC_TIMESTAMP);
  const encChallenge = fast ? padata.find((p) => p.padataType === PA.PA_ENCRYPTED_CHALLENGE) : undefined;
  return {
    req,
    body,
    raw,
    client,
    clientKeys,
    server,
    serverKeys,
    isTgt: isTgsName(dir, body.sname),
    isChangePw: isChangePwName(body.sname.nameString),
    canonicalize: KDC_OPTIONS.has(body.kdcOptions, 'canonicalize') || body.cname.nameType === NAME_TYPE.NT_ENTERPRISE,
    etypes: usableEtypes(body.etype),
    ...(pacReq ? { pacRequest: pacReq.includePac } : {}),
    ...(encTimestamp ? { encTimestamp } : {}),
    reqEncPaRep: padata.some((p) => p.padataType === PA_REQ_ENC_PA_REP),
    ...(fast ? { fast } : {}),
    ...(encChallenge ? { encChallenge } : {}),
  };
}
