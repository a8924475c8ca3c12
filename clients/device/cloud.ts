/**
 * The cloud half of the sign-in (PROTOCOL.md sections 1 and 2): register (DRS token, device, the
 * Hello key when asked), nonce, prt (the PRT with tgt=true, session key unwrapped) and partialTgt
 * (tgt_ad's clientKey opened, its AS-REP decoded). Each step ends in the StepLog; a refusal ends
 * the chain with the endpoint's AADSTS code.
 */
import type { HeldTicket } from '../kerberos/exchanges.ts';
import { ClientError } from '../errors.ts';
import { drsToken, registerDevice, registerHello, requestNonce, requestPrt, type HelloKey, type PrtCredential, type Refusal, type RegisteredDevice } from './entra.ts';
import type { HttpTarget } from './http.ts';
import type { StepLog } from './steps.ts';
import { openTgt, parseTgtObject, tgtErrorCode, unwrapSessionKey } from './tgt.ts';

export interface CloudInput {
  readonly http: HttpTarget;
  readonly upn: string;
  readonly password?: string;
  readonly hello?: boolean;
  /** A device registered earlier (`ctlab device register`): no registration step on the wire. */
  readonly device?: RegisteredDevice;
  readonly deviceName: string;
  /** DRS JoinType: 0 Entra joined, 6 hybrid (ServerAd). */
  readonly joinType: number;
  /** TargetDomain of the registration (the AD domain for a hybrid join). */
  readonly domain: string;
  readonly now: () => number;
}

export interface CloudOutcome {
  readonly device?: RegisteredDevice;
  readonly partial?: HeldTicket;
  readonly kerberosTopLevelNames?: string;
  readonly cloudTgt?: boolean;
}

const refused = (log: StepLog, step: 'register' | 'nonce' | 'prt', r: Refusal) => log.error(step, r.code, r.wire, r.fact, { httpStatus: r.httpStatus });

/**
 * A failure that is no wire answer, as the step's error: a peer that does not answer (a KDC or
 * the token endpoint down: KDC_UNREACHABLE / ENTRA_UNREACHABLE, with the transport's code in the
 * detail), or a reply the device cannot use (UNEXPECTED_REPLY, CLIENT_FAILURE).
 */
export function transportFailure(log: StepLog, step: Parameters<StepLog['error']>[0], err: unknown): void {
  if (err instanceof ClientError) {
    const down = err.code === 'UNREACHABLE' || err.code === 'TIMEOUT' || err.code === 'CLOSED';
    const who = err.client === 'kerberos' ? 'KDC' : err.client === 'entra' ? 'ENTRA' : err.client.toUpperCase();
    const what = err.client === 'kerberos' ? 'the KDC' : err.client === 'entra' ? 'the token endpoint' : err.client;
    if (down) log.error(step, `${who}_UNREACHABLE`, undefined, `${what}${err.peer ? ` at ${err.peer}` : ''} did not answer (${err.code}): ${err.message}`, { transport: err.code, ...(err.peer ? { peer: err.peer } : {}) });
    else log.error(step, err.code, undefined, err.message, { ...(err.peer ? { peer: err.peer } : {}) });
  }
  else if (err instanceof Error) log.error(step, 'CLIENT_FAILURE', undefined, `${step}: ${err.message}`);
  else throw err;
}

async function register(c: CloudInput, log: StepLog): Promise<RegisteredDevice | undefined> {
  let device = c.device;
  let hello: HelloKey | undefined = device?.hello;
  const needHello = c.hello === true && !hello;
  if (device && !needHello) {
    log.ok('register', `device ${device.deviceId} was registered earlier${hello ? ' with a Windows Hello key' : ''}`, { deviceId: device.deviceId, tenantId: device.tenantId, reused: true });
    return device;
  }
  if (c.password === undefined) {
    log.error('register', 'NO_CREDENTIAL', undefined, `registering ${device ? 'a Windows Hello key' : 'the device'} needs ${c.upn}'s password (a DRS token by ROPC); none was given`);
    return undefined;
  }
  const tok = await drsToken(c.http, c.upn, c.password);
  if (!tok.ok) {
    refused(log, 'register', tok);
    return undefined;
  }
  if (!device) {
    const reg = await registerDevice(c.http, tok.accessToken, { name: c.deviceName, joinType: c.joinType, domain: c.domain });
    if (!reg.ok) {
      refused(log, 'register', reg);
      return undefined;
    }
    device = reg.device;
  }
  if (needHello) {
    const h = await registerHello(c.http, tok.accessToken);
    if (!h.ok) {
      refused(log, 'register', h);
      return undefined;
    }
    hello = h.hello;
    device = { ...device, hello };
  }
  log.ok('register', `device ${device.deviceId} registered in tenant ${device.tenantId}${hello ? `, Windows Hello key ${hello.kid}` : ''}`, {
    deviceId: device.deviceId,
    tenantId: device.tenantId,
    ...(hello ? { helloKid: hello.kid } : {}),
    reused: c.device !== undefined,
  });
  return device;
}

export async function cloudSteps(c: CloudInput, log: StepLog): Promise<CloudOutcome> {
  let device: RegisteredDevice | undefined;
  try {
    device = await register(c, log);
  } catch (err) {
    transportFailure(log, 'register', err);
  }
  if (!device) return {};
  let nonce: string;
  let assertionNonce: string | undefined;
  try {
    const n = await requestNonce(c.http);
    if (!n.ok) {
      refused(log, 'nonce', n);
      return { device };
    }
    nonce = n.nonce;
    if (c.hello) {
      const a = await requestNonce(c.http);
      if (!a.ok) {
        refused(log, 'nonce', a);
        return { device };
      }
      assertionNonce = a.nonce;
    }
  } catch (err) {
    transportFailure(log, 'nonce', err);
    return { device };
  }
  log.ok('nonce', `srv_challenge nonce${assertionNonce ? 's for the request and the Hello assertion' : ''} received`);

  const cred: PrtCredential | undefined = c.hello && device.hello && assertionNonce ? { hello: device.hello, assertionNonce } : c.password !== undefined ? { password: c.password } : undefined;
  if (!cred) {
    log.error('prt', 'NO_CREDENTIAL', undefined, `no password and no Windows Hello key for ${c.upn}`);
    return { device };
  }
  let body: Record<string, unknown>;
  let sessionKey: Uint8Array;
  try {
    const prt = await requestPrt(c.http, device, c.upn, nonce, cred, c.now());
    if (!prt.ok) {
      refused(log, 'prt', prt);
      return { device };
    }
    body = prt.body;
    sessionKey = unwrapSessionKey(String(body.session_key_jwe ?? ''), device.transportKey);
  } catch (err) {
    transportFailure(log, 'prt', err);
    return { device };
  }
  const names = typeof body.kerberos_top_level_names === 'string' ? body.kerberos_top_level_names : undefined;
  log.ok('prt', `PRT for ${c.upn} (${'password' in cred ? 'password' : 'Windows Hello key'}); session key unwrapped with the transport key`, {
    tokenType: body.token_type,
    tgtAd: body.tgt_ad !== undefined,
    tgtCloud: body.tgt_cloud !== undefined,
    ...(names ? { kerberosTopLevelNames: names } : {}),
  });

  let partial: HeldTicket;
  try {
    const ad = parseTgtObject(body.tgt_ad, 'tgt_ad');
    if (ad.keyType === 0 || ad.error) {
      const code = tgtErrorCode(ad.error ?? 'TGT_ERROR');
      log.error('partialTgt', code, undefined, `tgt_ad carries no ticket: ${ad.error ?? 'keyType 0'}`, { error: ad.error ?? null });
      return { device, ...(names ? { kerberosTopLevelNames: names } : {}), cloudTgt: body.tgt_cloud !== undefined };
    }
    partial = await openTgt(ad, sessionKey);
  } catch (err) {
    transportFailure(log, 'partialTgt', err);
    return { device };
  }
  const kvno = partial.ticket.encPart.kvno ?? 0;
  log.ok('partialTgt', `partial TGT ${partial.cname.nameString.join('/')}@${partial.crealm} for ${partial.part.sname.nameString.join('/')}, kvno ${kvno} (RODC number ${kvno >>> 16})`, {
    realm: partial.crealm,
    cname: partial.cname.nameString.join('/'),
    sname: partial.part.sname.nameString.join('/'),
    kvno,
    rodcNumber: kvno >>> 16,
    etype: partial.ticket.encPart.etype,
  });
  return { device, partial, ...(names ? { kerberosTopLevelNames: names } : {}), cloudTgt: body.tgt_cloud !== undefined };
}
