/**
 * protocolOp codecs, one entry per [APPLICATION n] tag (RFC 4511 sections 4.2 to 4.12, Appendix B).
 * Each entry decodes the op's element and encodes it back; the envelope is in message.ts.
 */
import {
  APPLICATION,
  CONTEXT,
  UNIVERSAL,
  U,
  boolean,
  children,
  count,
  enumerated,
  fail,
  integer,
  octets,
  primitive,
  tagOf,
  text,
  wBool,
  wEnum,
  wInt,
  wOctets,
  wPrim,
  wSeq,
  wSet,
  type Node,
  type WNode,
} from './ber.ts';
import { decodeFilter, encodeFilter } from './filter.ts';
import { MAX_INT, OP_TAG, type LdapResult, type OpName, type PartialAttribute, type ProtocolOp } from './types.ts';

const A = APPLICATION;
type OpOf<N extends OpName> = Extract<ProtocolOp, { op: N }>;

/** Result codes are ENUMERATED 0..80 plus reserved/extension values; accept any non-negative 32-bit value. */
function decodeResult(c: Node[], what: string): LdapResult {
  if (c.length < 3) fail(what, 'LDAPResult needs resultCode, matchedDN, diagnosticMessage');
  const resultCode = integer(c[0], what, 0, MAX_INT, UNIVERSAL, U.ENUMERATED);
  const matchedDN = text(c[1], what);
  const diagnosticMessage = text(c[2], what);
  let referral: string[] | undefined;
  // referral [3] Referral OPTIONAL (SEQUENCE SIZE (1..MAX) OF URI)
  if (c[3] && tagOf(c[3]).cls === CONTEXT && tagOf(c[3]).num === 3) {
    referral = children(c[3], CONTEXT, 3, what).map((u) => text(u, what));
  }
  return { resultCode, matchedDN, diagnosticMessage, ...(referral ? { referral } : {}) };
}

function encodeResult(r: LdapResult): WNode[] {
  const out = [wEnum(r.resultCode), wOctets(r.matchedDN), wOctets(r.diagnosticMessage)];
  if (r.referral && r.referral.length) out.push(wSeq(r.referral.map((u) => wOctets(u)), CONTEXT, 3));
  return out;
}

/** PartialAttribute ::= SEQUENCE { type AttributeDescription, vals SET OF AttributeValue }. */
function decodeAttribute(n: Node, what: string): PartialAttribute {
  const c = children(n, UNIVERSAL, U.SEQUENCE, what);
  count(c, what, 2, 2);
  return { type: text(c[0], what), values: children(c[1], UNIVERSAL, U.SET, what).map((v) => octets(v, what)) };
}

function encodeAttribute(a: PartialAttribute): WNode {
  return wSeq([wOctets(a.type), wSet(a.values.map((v) => wOctets(v)))]);
}

/** The result-only responses share one shape. */
function resultOp<N extends 'searchResDone' | 'modifyResponse' | 'addResponse' | 'delResponse' | 'modDNResponse' | 'compareResponse'>(
  name: N,
): OpCodec {
  return {
    decode: (n) => ({ op: name, ...decodeResult(children(n, A, OP_TAG[name], name), name) }) as ProtocolOp,
    encode: (o) => wSeq(encodeResult(o as LdapResult), A, OP_TAG[name]),
  };
}

export interface OpCodec {
  decode(n: Node): ProtocolOp;
  encode(op: ProtocolOp): WNode;
}

export const OP_CODECS: Record<number, OpCodec> = {
  /** 4.2 BindRequest ::= [APPLICATION 0] SEQUENCE { version, name, authentication } */
  [OP_TAG.bindRequest]: {
    decode(n) {
      const w = 'BindRequest';
      const c = children(n, A, 0, w);
      count(c, w, 3, 3);
      const version = integer(c[0], w, 1, 127);
      const name = text(c[1], w);
      const t = tagOf(c[2]);
      if (t.cls !== CONTEXT) fail(w, 'authentication is not context-tagged');
      if (t.num === 0) return { op: 'bindRequest', version, name, authentication: { kind: 'simple', password: primitive(c[2], CONTEXT, 0, w) } };
      if (t.num === 3) {
        // SaslCredentials ::= SEQUENCE { mechanism LDAPString, credentials OCTET STRING OPTIONAL }
        const s = children(c[2], CONTEXT, 3, w);
        count(s, w, 1, 2);
        const mechanism = text(s[0], w);
        const credentials = s[1] ? octets(s[1], w) : undefined;
        return { op: 'bindRequest', version, name, authentication: { kind: 'sasl', mechanism, ...(credentials ? { credentials } : {}) } };
      }
      return fail(w, `authentication choice [${t.num}] is not simple [0] or sasl [3]`);
    },
    encode(o) {
      const b = o as OpOf<'bindRequest'>;
      const auth =
        b.authentication.kind === 'simple'
          ? wOctets(b.authentication.password, CONTEXT, 0)
          : wSeq(
              [wOctets(b.authentication.mechanism), ...(b.authentication.credentials ? [wOctets(b.authentication.credentials)] : [])],
              CONTEXT,
              3,
            );
      return wSeq([wInt(b.version), wOctets(b.name), auth], A, 0);
    },
  },
  /** 4.2.2 BindResponse ::= [APPLICATION 1] SEQUENCE { COMPONENTS OF LDAPResult, serverSaslCreds [7] OPTIONAL } */
  [OP_TAG.bindResponse]: {
    decode(n) {
      const c = children(n, A, 1, 'BindResponse');
      const r = decodeResult(c, 'BindResponse');
      const last = c[c.length - 1];
      const creds = c.length > 3 && tagOf(last).cls === CONTEXT && tagOf(last).num === 7 ? primitive(last, CONTEXT, 7, 'BindResponse') : undefined;
      return { op: 'bindResponse', ...r, ...(creds ? { serverSaslCreds: creds } : {}) };
    },
    encode(o) {
      const b = o as OpOf<'bindResponse'>;
      const extra = b.serverSaslCreds ? [wOctets(b.serverSaslCreds, CONTEXT, 7)] : [];
      return wSeq([...encodeResult(b), ...extra], A, 1);
    },
  },
  /** 4.3 UnbindRequest ::= [APPLICATION 2] NULL */
  [OP_TAG.unbindRequest]: {
    decode(n) {
      if (primitive(n, A, 2, 'UnbindRequest').length !== 0) fail('UnbindRequest', 'NULL with contents');
      return { op: 'unbindRequest' };
    },
    encode: () => wPrim(A, 2, new Uint8Array(0)),
  },
  /** 4.5.1 SearchRequest ::= [APPLICATION 3] SEQUENCE { baseObject, scope, derefAliases, sizeLimit, timeLimit, typesOnly, filter, attributes } */
  [OP_TAG.searchRequest]: {
    decode(n) {
      const w = 'SearchRequest';
      const c = children(n, A, 3, w);
      count(c, w, 8, 8);
      return {
        op: 'searchRequest',
        baseObject: text(c[0], w),
        scope: enumerated(c[1], w, [0, 1, 2]) as 0 | 1 | 2,
        derefAliases: enumerated(c[2], w, [0, 1, 2, 3]),
        sizeLimit: integer(c[3], w, 0, MAX_INT),
        timeLimit: integer(c[4], w, 0, MAX_INT),
        typesOnly: boolean(c[5], w),
        filter: decodeFilter(c[6]),
        attributes: children(c[7], UNIVERSAL, U.SEQUENCE, w).map((a) => text(a, w)),
      };
    },
    encode(o) {
      const s = o as OpOf<'searchRequest'>;
      return wSeq(
        [
          wOctets(s.baseObject),
          wEnum(s.scope),
          wEnum(s.derefAliases),
          wInt(s.sizeLimit),
          wInt(s.timeLimit),
          wBool(s.typesOnly),
          encodeFilter(s.filter),
          wSeq(s.attributes.map((a) => wOctets(a))),
        ],
        A,
        3,
      );
    },
  },
  /** 4.5.2 SearchResultEntry ::= [APPLICATION 4] SEQUENCE { objectName, attributes PartialAttributeList } */
  [OP_TAG.searchResEntry]: {
    decode(n) {
      const w = 'SearchResultEntry';
      const c = children(n, A, 4, w);
      count(c, w, 2, 2);
      return { op: 'searchResEntry', objectName: text(c[0], w), attributes: children(c[1], UNIVERSAL, U.SEQUENCE, w).map((a) => decodeAttribute(a, w)) };
    },
    encode(o) {
      const e = o as OpOf<'searchResEntry'>;
      return wSeq([wOctets(e.objectName), wSeq(e.attributes.map(encodeAttribute))], A, 4);
    },
  },
  [OP_TAG.searchResDone]: resultOp('searchResDone'),
  /** 4.5.3 SearchResultReference ::= [APPLICATION 19] SEQUENCE SIZE (1..MAX) OF uri URI */
  [OP_TAG.searchResRef]: {
    decode(n) {
      const c = children(n, A, 19, 'SearchResultReference');
      count(c, 'SearchResultReference', 1, Number.MAX_SAFE_INTEGER);
      return { op: 'searchResRef', uris: c.map((u) => text(u, 'SearchResultReference')) };
    },
    encode: (o) => wSeq((o as OpOf<'searchResRef'>).uris.map((u) => wOctets(u)), A, 19),
  },
  /** 4.6 ModifyRequest ::= [APPLICATION 6] SEQUENCE { object, changes SEQUENCE OF SEQUENCE { operation, modification } } */
  [OP_TAG.modifyRequest]: {
    decode(n) {
      const w = 'ModifyRequest';
      const c = children(n, A, 6, w);
      count(c, w, 2, 2);
      const changes = children(c[1], UNIVERSAL, U.SEQUENCE, w).map((ch) => {
        const p = children(ch, UNIVERSAL, U.SEQUENCE, w);
        count(p, w, 2, 2);
        return { operation: enumerated(p[0], w, [0, 1, 2, 3]), modification: decodeAttribute(p[1], w) };
      });
      return { op: 'modifyRequest', object: text(c[0], w), changes };
    },
    encode(o) {
      const m = o as OpOf<'modifyRequest'>;
      return wSeq([wOctets(m.object), wSeq(m.changes.map((ch) => wSeq([wEnum(ch.operation), encodeAttribute(ch.modification)])))], A, 6);
    },
  },
  [OP_TAG.modifyResponse]: resultOp('modifyResponse'),
  /** 4.7 AddRequest ::= [APPLICATION 8] SEQUENCE { entry, attributes AttributeList } */
  [OP_TAG.addRequest]: {
    decode(n) {
      const w = 'AddRequest';
      const c = children(n, A, 8, w);
      count(c, w, 2, 2);
      return { op: 'addRequest', entry: text(c[0], w), attributes: children(c[1], UNIVERSAL, U.SEQUENCE, w).map((a) => decodeAttribute(a, w)) };
    },
    encode(o) {
      const a = o as OpOf<'addRequest'>;
      return wSeq([wOctets(a.entry), wSeq(a.attributes.map(encodeAttribute))], A, 8);
    },
  },
  [OP_TAG.addResponse]: resultOp('addResponse'),
  /** 4.8 DelRequest ::= [APPLICATION 10] LDAPDN */
  [OP_TAG.delRequest]: {
    decode: (n) => ({ op: 'delRequest', entry: text(n, 'DelRequest', A, 10) }),
    encode: (o) => wOctets((o as OpOf<'delRequest'>).entry, A, 10),
  },
  [OP_TAG.delResponse]: resultOp('delResponse'),
  /** 4.9 ModifyDNRequest ::= [APPLICATION 12] SEQUENCE { entry, newrdn, deleteoldrdn, newSuperior [0] OPTIONAL } */
  [OP_TAG.modDNRequest]: {
    decode(n) {
      const w = 'ModifyDNRequest';
      const c = children(n, A, 12, w);
      count(c, w, 3, 4);
      const newSuperior = c[3] ? text(c[3], w, CONTEXT, 0) : undefined;
      return { op: 'modDNRequest', entry: text(c[0], w), newrdn: text(c[1], w), deleteoldrdn: boolean(c[2], w), ...(newSuperior !== undefined ? { newSuperior } : {}) };
    },
    encode(o) {
      const m = o as OpOf<'modDNRequest'>;
      const sup = m.newSuperior !== undefined ? [wOctets(m.newSuperior, CONTEXT, 0)] : [];
      return wSeq([wOctets(m.entry), wOctets(m.newrdn), wBool(m.deleteoldrdn), ...sup], A, 12);
    },
  },
  [OP_TAG.modDNResponse]: resultOp('modDNResponse'),
  /** 4.10 CompareRequest ::= [APPLICATION 14] SEQUENCE { entry, ava AttributeValueAssertion } */
  [OP_TAG.compareRequest]: {
    decode(n) {
      const w = 'CompareRequest';
      const c = children(n, A, 14, w);
      count(c, w, 2, 2);
      const ava = children(c[1], UNIVERSAL, U.SEQUENCE, w);
      count(ava, w, 2, 2);
      return { op: 'compareRequest', entry: text(c[0], w), ava: { attribute: text(ava[0], w), value: octets(ava[1], w) } };
    },
    encode(o) {
      const m = o as OpOf<'compareRequest'>;
      return wSeq([wOctets(m.entry), wSeq([wOctets(m.ava.attribute), wOctets(m.ava.value)])], A, 14);
    },
  },
  [OP_TAG.compareResponse]: resultOp('compareResponse'),
  /** 4.11 AbandonRequest ::= [APPLICATION 16] MessageID */
  [OP_TAG.abandonRequest]: {
    decode: (n) => ({ op: 'abandonRequest', idToAbandon: integer(n, 'AbandonRequest', 0, MAX_INT, A, 16) }),
    encode: (o) => wInt((o as OpOf<'abandonRequest'>).idToAbandon, A, 16),
  },
  /** 4.12 ExtendedRequest ::= [APPLICATION 23] SEQUENCE { requestName [0] LDAPOID, requestValue [1] OCTET STRING OPTIONAL } */
  [OP_TAG.extendedReq]: {
    decode(n) {
      const w = 'ExtendedRequest';
      const c = children(n, A, 23, w);
      count(c, w, 1, 2);
      const requestValue = c[1] ? octets(c[1], w, CONTEXT, 1) : undefined;
      return { op: 'extendedReq', requestName: text(c[0], w, CONTEXT, 0), ...(requestValue ? { requestValue } : {}) };
    },
    encode(o) {
      const e = o as OpOf<'extendedReq'>;
      return wSeq([wOctets(e.requestName, CONTEXT, 0), ...(e.requestValue ? [wOctets(e.requestValue, CONTEXT, 1)] : [])], A, 23);
    },
  },
  /** 4.12 ExtendedResponse ::= [APPLICATION 24] SEQUENCE { COMPONENTS OF LDAPResult, responseName [10] OPTIONAL, responseValue [11] OPTIONAL } */
  [OP_TAG.extendedResp]: {
    decode(n) {
      const w = 'ExtendedResponse';
      const c = children(n, A, 24, w);
      const r = decodeResult(c, w);
      let responseName: string | undefined;
      let responseValue: Uint8Array | undefined;
      for (const e of c.slice(3)) {
        const t = tagOf(e);
        if (t.cls === CONTEXT && t.num === 10) responseName = text(e, w, CONTEXT, 10);
        else if (t.cls === CONTEXT && t.num === 11) responseValue = octets(e, w, CONTEXT, 11);
      }
      return { op: 'extendedResp', ...r, ...(responseName ? { responseName } : {}), ...(responseValue ? { responseValue } : {}) };
    },
    encode(o) {
      const e = o as OpOf<'extendedResp'>;
      const extra: WNode[] = [];
      if (e.responseName) extra.push(wOctets(e.responseName, CONTEXT, 10));
      if (e.responseValue) extra.push(wOctets(e.responseValue, CONTEXT, 11));
      return wSeq([...encodeResult(e), ...extra], A, 24);
    },
  },
};
