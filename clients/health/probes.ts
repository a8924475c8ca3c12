/**
 * What `ctlab health` sends each service of a running lab, keyed by the service names the ready
 * file lists (lab.json): one request of the service's own protocol per transport, and the check
 * that the reply is that protocol's answer. Every request carries HEALTH_PROBE_NAME where the
 * protocol has a name, so the lab can leave probes out of its readable lines.
 *
 *   dns      SOA query for ctlab-health.<domain>        -> a response with the query's ID (NOERROR/NXDOMAIN)
 *   kdc      AS-REQ for ctlab-health@<REALM>             -> KRB-ERROR or AS-REP
 *   kpasswd  RFC 3244 request, ticket for ctlab-health/probe -> KRB-ERROR (the kpasswd result)
 *   ldap, gc rootDSE search, filter (objectClass=ctlab-health) -> searchResDone success
 *   cldap    netlogon ping, User=ctlab-health           -> an LDAP message with the ping's ID
 * A service this file does not know is checked by a TCP connect only (and not at all over UDP).
 */
import { randomInt } from 'node:crypto';
import { decodeKerberosMessage, encodeApReq, encodeAsReq, NAME_TYPE } from '../../emulator/kerberos/asn1/index.ts';
import { decodeMessage, encodeMessage, LdapFramer, parseFilter, type LdapMessage } from '../../emulator/ldap/codec/index.ts';
import { HEALTH_PROBE_NAME } from './marker.ts';

export interface ProbeContext {
  /** The lab's realm (upper case) and AD domain (lower case). */
  realm: string;
  domain: string;
}

/** One probe: the request bytes (unframed) and the check of the reply (unframed); check throws when the reply is wrong. */
export interface Probe {
  request(ctx: ProbeContext): { bytes: Uint8Array; check(reply: Uint8Array): string };
}

export interface ServiceProbes {
  udp?: Probe;
  /** framing: the TCP length prefix the protocol uses, or 'ldap' (BER PDUs). */
  tcp?: Probe & { framing: 2 | 4 | 'ldap' };
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

const dnsProbe: Probe = {
  request(ctx) {
    const id = randomInt(0, 0x10000);
    const labels = `${HEALTH_PROBE_NAME}.${ctx.domain}`.split('.').filter((l) => l !== '');
    const name = labels.flatMap((l) => [l.length, ...new TextEncoder().encode(l)]);
    const bytes = new Uint8Array([id >> 8, id & 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...name, 0, 0, 6, 0, 1]);
    return {
      bytes,
      check(reply) {
        if (reply.length < 12) throw new Error(`${reply.length}-byte reply is no DNS message`);
        if (((reply[0] << 8) | reply[1]) !== id) throw new Error('reply ID is not the query ID');
        if ((reply[2] & 0x80) === 0) throw new Error('reply is not a response (QR=0)');
        const rcode = reply[3] & 0x0f;
        if (rcode !== 0 && rcode !== 3) throw new Error(`rcode ${RCODES[rcode] ?? rcode}`);
        return RCODES[rcode];
      },
    };
  },
};

/** A reply that decodes as a Kerberos message of one of `accept`'s types. */
function checkKerberos(reply: Uint8Array, accept: readonly string[]): string {
  const m = decodeKerberosMessage(reply);
  if (!accept.includes(m.name)) throw new Error(`answered ${m.name}, expected ${accept.join(' or ')}`);
  const code = m.name === 'KRB-ERROR' ? (m.message as { errorCode: number }).errorCode : undefined;
  return code === undefined ? m.name : `${m.name} ${code}`;
}

const kdcProbe: Probe = {
  request(ctx) {
    const now = Date.now();
    const bytes = encodeAsReq({
      reqBody: {
        kdcOptions: 0,
        cname: { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: [HEALTH_PROBE_NAME] },
        realm: ctx.realm,
        sname: { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', ctx.realm] },
        till: now + 3_600_000,
        nonce: randomInt(1, 0x7fffffff),
        etype: [18, 17],
      },
    });
    return { bytes, check: (reply) => checkKerberos(reply, ['KRB-ERROR', 'AS-REP']) };
  },
};

const kpasswdProbe: Probe = {
  request(ctx) {
    const filler = new Uint8Array(32);
    const apReq = encodeApReq({
      apOptions: 0,
      ticket: {
        realm: ctx.realm,
        sname: { nameType: NAME_TYPE.NT_SRV_INST, nameString: [HEALTH_PROBE_NAME, 'probe'] },
        encPart: { etype: 18, cipher: filler },
      },
      authenticator: { etype: 18, cipher: filler },
    });
    // RFC 3244 section 2: message length, version 1, AP-REQ length, AP-REQ, KRB-PRIV (none).
    const bytes = new Uint8Array(6 + apReq.length);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, bytes.length);
    view.setUint16(2, 1);
    view.setUint16(4, apReq.length);
    bytes.set(apReq, 6);
    return { bytes, check: (reply) => checkKerberos(reply, ['KRB-ERROR']) };
  },
};

/** The LDAP messages in `bytes` (one datagram, or a TCP stream so far). */
function ldapMessages(bytes: Uint8Array): LdapMessage[] {
  return new LdapFramer().push(bytes).map((pdu) => decodeMessage(pdu));
}

function ldapSearchProbe(filter: (ctx: ProbeContext) => string, attributes: string[], expectDone: boolean): Probe {
  return {
    request(ctx) {
      const messageId = randomInt(1, 0x7fffffff);
      const bytes = encodeMessage({
        messageId,
        protocolOp: {
          op: 'searchRequest',
          baseObject: '',
          scope: 0,
          derefAliases: 0,
          sizeLimit: 0,
          timeLimit: 0,
          typesOnly: false,
          filter: parseFilter(filter(ctx)),
          attributes,
        },
      });
      return {
        bytes,
        check(reply) {
          const mine = ldapMessages(reply).filter((m) => m.messageId === messageId);
          if (mine.length === 0) throw new Error('no LDAP message with the request ID');
          if (!expectDone) return mine[0].protocolOp.op;
          const done = mine.find((m) => m.protocolOp.op === 'searchResDone');
          if (!done) throw new Error('no searchResDone');
          const code = (done.protocolOp as { resultCode: number }).resultCode;
          if (code !== 0) throw new Error(`searchResDone resultCode ${code}`);
          return 'searchResDone success (0)';
        },
      };
    },
  };
}

const rootDseProbe = ldapSearchProbe(() => `(objectClass=${HEALTH_PROBE_NAME})`, ['1.1'], true);

/** True once a TCP stream holds a searchResDone (the end of the rootDSE probe's answer). */
export function ldapDoneArrived(received: Uint8Array): boolean {
  try {
    return ldapMessages(received).some((m) => m.protocolOp.op === 'searchResDone');
  } catch {
    return false;
  }
}

/** Probes keyed by the service names of lab.json. */
export const SERVICE_PROBES: ReadonlyMap<string, ServiceProbes> = new Map<string, ServiceProbes>([
  ['dns', { udp: dnsProbe, tcp: { ...dnsProbe, framing: 2 } }],
  ['kdc', { udp: kdcProbe, tcp: { ...kdcProbe, framing: 4 } }],
  ['kpasswd', { udp: kpasswdProbe, tcp: { ...kpasswdProbe, framing: 4 } }],
  ['ldap', { tcp: { ...rootDseProbe, framing: 'ldap' } }],
  ['gc', { tcp: { ...rootDseProbe, framing: 'ldap' } }],
  [
    'cldap',
    { udp: ldapSearchProbe((ctx) => `(&(DnsDomain=${ctx.domain})(User=${HEALTH_PROBE_NAME})(NtVer=\\06\\00\\00\\00))`, ['Netlogon'], false) },
  ],
]);
