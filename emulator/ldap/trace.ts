/**
 * LDAP and CLDAP events in the lab's trace envelope (trace/envelope.ts): step = the operation
 * (or the CLDAP event kind), the RFC 4511 resultCode as code and wire value, the AD `data` code
 * of a failed bind or the reason a ping went unanswered as the fact. The events' own fields stay
 * for the readable lines.
 */
import type { EnvelopeFields } from '../trace/envelope.ts';
import type { CldapEvent } from './cldap/handler.ts';
import { LDAP_RESULT } from './codec/result-codes.ts';
import type { LdapEvent } from './handlers.ts';

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(LDAP_RESULT).map(([name, code]) => [code, name]));
/** success, compareFalse, compareTrue, saslBindInProgress: answers, not refusals. */
const OK_CODES = new Set([0, 5, 6, 14]);

export function ldapEnvelope(e: LdapEvent): LdapEvent & EnvelopeFields {
  const name = NAMES.get(e.resultCode) ?? `resultCode${e.resultCode}`;
  const fact =
    e.bindData !== undefined
      ? `bind refused with AD data ${e.bindData}`
      : e.op === 'malformed'
        ? 'the message does not decode as an LDAP message'
        : undefined;
  return {
    ...e,
    step: e.op,
    verdict: OK_CODES.has(e.resultCode) ? 'ok' : 'error',
    code: name,
    wire: e.resultCode,
    ...(fact ? { fact } : {}),
    detail: { dn: e.dn, entries: e.entries, listener: e.listener, connection: e.connection, ...(e.filter !== undefined ? { filter: e.filter } : {}) },
  };
}

export function cldapEnvelope(e: CldapEvent): CldapEvent & EnvelopeFields {
  const rc = e.resultCode;
  const refused = e.kind === 'malformed' || e.kind === 'refused' || (e.kind === 'ping' && e.answered !== true);
  const fact =
    e.kind === 'malformed'
      ? 'the datagram does not decode as a CLDAP search: dropped'
      : e.kind === 'ping' && e.answered !== true
        ? `the Netlogon ping is not answered: ${e.reason ?? 'unknown reason'}`
        : undefined;
  return {
    ...e,
    step: e.kind,
    verdict: refused ? 'error' : 'ok',
    ...(rc !== undefined ? { code: NAMES.get(rc) ?? `resultCode${rc}`, wire: rc } : {}),
    ...(fact ? { fact } : {}),
    detail: {
      ...(e.dnsDomain !== undefined ? { dnsDomain: e.dnsDomain } : {}),
      ...(e.user !== undefined ? { user: e.user } : {}),
      ...(e.ntVer !== undefined ? { ntVer: e.ntVer } : {}),
      ...(e.flags !== undefined ? { flags: e.flags } : {}),
      ...(e.form !== undefined ? { form: e.form } : {}),
    },
  };
}
