/**
 * Search filters as a typed AST, RFC 4511 section 4.5.1.7 (Filter CHOICE, context tags [0]..[9]).
 * Attribute names are kept as sent; values stay bytes (the server decides per syntax how to
 * compare them). Empty and/or sets are accepted as RFC 4526 absolute true/false.
 */
import {
  CONTEXT,
  UNIVERSAL,
  U,
  boolean,
  children,
  count,
  fail,
  octets,
  tagOf,
  text,
  wBool,
  wOctets,
  wSeq,
  type Node,
  type WNode,
} from './ber.ts';

export type Filter =
  | { readonly type: 'and'; readonly filters: readonly Filter[] }
  | { readonly type: 'or'; readonly filters: readonly Filter[] }
  | { readonly type: 'not'; readonly filter: Filter }
  | { readonly type: 'equalityMatch'; readonly attribute: string; readonly value: Uint8Array }
  | {
      readonly type: 'substrings';
      readonly attribute: string;
      readonly initial?: Uint8Array;
      readonly any: readonly Uint8Array[];
      readonly final?: Uint8Array;
    }
  | { readonly type: 'greaterOrEqual'; readonly attribute: string; readonly value: Uint8Array }
  | { readonly type: 'lessOrEqual'; readonly attribute: string; readonly value: Uint8Array }
  | { readonly type: 'present'; readonly attribute: string }
  | { readonly type: 'approxMatch'; readonly attribute: string; readonly value: Uint8Array }
  | {
      readonly type: 'extensibleMatch';
      readonly matchingRule?: string;
      readonly attribute?: string;
      readonly value: Uint8Array;
      readonly dnAttributes: boolean;
    };

export type FilterType = Filter['type'];

/** Context tag numbers of the Filter CHOICE (RFC 4511 4.5.1). */
export const FILTER_TAG: Record<FilterType, number> = {
  and: 0,
  or: 1,
  not: 2,
  equalityMatch: 3,
  substrings: 4,
  greaterOrEqual: 5,
  lessOrEqual: 6,
  present: 7,
  approxMatch: 8,
  extensibleMatch: 9,
};

/** Nesting deeper than this is refused as protocolError (AD has a similar cap). */
export const MAX_FILTER_DEPTH = 64;

const W = 'Filter';

/** AttributeValueAssertion ::= SEQUENCE { attributeDesc, assertionValue } under [3]/[5]/[6]/[8]. */
function decodeAva(n: Node, num: number): { attribute: string; value: Uint8Array } {
  const c = children(n, CONTEXT, num, W);
  count(c, W, 2, 2);
  return { attribute: text(c[0], W), value: octets(c[1], W) };
}

export function decodeFilter(n: Node, depth = 0): Filter {
  if (depth > MAX_FILTER_DEPTH) fail(W, 'nested too deeply');
  const t = tagOf(n);
  if (t.cls !== CONTEXT) fail(W, `unexpected tag class ${t.cls}`);
  switch (t.num) {
    case 0:
    case 1: {
      const filters = children(n, CONTEXT, t.num, W).map((c) => decodeFilter(c, depth + 1));
      return t.num === 0 ? { type: 'and', filters } : { type: 'or', filters };
    }
    case 2: {
      const c = children(n, CONTEXT, 2, W);
      count(c, W, 1, 1);
      return { type: 'not', filter: decodeFilter(c[0], depth + 1) };
    }
    case 3:
      return { type: 'equalityMatch', ...decodeAva(n, 3) };
    case 4:
      return decodeSubstrings(n);
    case 5:
      return { type: 'greaterOrEqual', ...decodeAva(n, 5) };
    case 6:
      return { type: 'lessOrEqual', ...decodeAva(n, 6) };
    case 7:
      return { type: 'present', attribute: text(n, W, CONTEXT, 7) };
    case 8:
      return { type: 'approxMatch', ...decodeAva(n, 8) };
    case 9:
      return decodeExtensible(n);
    default:
      return fail(W, `unknown filter choice [${t.num}]`);
  }
}

/** SubstringFilter: initial [0] at most once and first, any [1], final [2] at most once and last. */
function decodeSubstrings(n: Node): Filter {
  const c = children(n, CONTEXT, 4, W);
  count(c, W, 2, 2);
  const attribute = text(c[0], W);
  const parts = children(c[1], UNIVERSAL, U.SEQUENCE, W);
  if (parts.length === 0) fail(W, 'substrings without any part');
  let initial: Uint8Array | undefined;
  let final: Uint8Array | undefined;
  const any: Uint8Array[] = [];
  parts.forEach((p, i) => {
    const num = tagOf(p).num;
    if (num === 0 && i === 0) initial = octets(p, W, CONTEXT, 0);
    else if (num === 1 && final === undefined) any.push(octets(p, W, CONTEXT, 1));
    else if (num === 2 && i === parts.length - 1) final = octets(p, W, CONTEXT, 2);
    else fail(W, `substring part [${num}] out of place`);
  });
  return { type: 'substrings', attribute, initial, any, final };
}

/** MatchingRuleAssertion: matchingRule [1]?, type [2]?, matchValue [3], dnAttributes [4] DEFAULT FALSE. */
function decodeExtensible(n: Node): Filter {
  const c = children(n, CONTEXT, 9, W);
  let matchingRule: string | undefined;
  let attribute: string | undefined;
  let value: Uint8Array | undefined;
  let dnAttributes = false;
  let last = 0;
  for (const e of c) {
    const num = tagOf(e).num;
    if (num <= last || num > 4) fail(W, `extensibleMatch field [${num}] out of order`);
    last = num;
    if (num === 1) matchingRule = text(e, W, CONTEXT, 1);
    else if (num === 2) attribute = text(e, W, CONTEXT, 2);
    else if (num === 3) value = octets(e, W, CONTEXT, 3);
    else dnAttributes = boolean(e, W, CONTEXT, 4);
  }
  if (value === undefined) fail(W, 'extensibleMatch without matchValue');
  if (matchingRule === undefined && attribute === undefined) fail(W, 'extensibleMatch without rule or type');
  return { type: 'extensibleMatch', matchingRule, attribute, value, dnAttributes };
}

export function encodeFilter(f: Filter): WNode {
  const tag = FILTER_TAG[f.type];
  switch (f.type) {
    case 'and':
    case 'or':
      return wSeq(f.filters.map(encodeFilter), CONTEXT, tag);
    case 'not':
      return wSeq([encodeFilter(f.filter)], CONTEXT, tag);
    case 'equalityMatch':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'approxMatch':
      return wSeq([wOctets(f.attribute), wOctets(f.value)], CONTEXT, tag);
    case 'present':
      return wOctets(f.attribute, CONTEXT, tag);
    case 'substrings': {
      const parts: WNode[] = [];
      if (f.initial) parts.push(wOctets(f.initial, CONTEXT, 0));
      for (const a of f.any) parts.push(wOctets(a, CONTEXT, 1));
      if (f.final) parts.push(wOctets(f.final, CONTEXT, 2));
      return wSeq([wOctets(f.attribute), wSeq(parts)], CONTEXT, tag);
    }
    case 'extensibleMatch': {
      const fields: WNode[] = [];
      if (f.matchingRule !== undefined) fields.push(wOctets(f.matchingRule, CONTEXT, 1));
      if (f.attribute !== undefined) fields.push(wOctets(f.attribute, CONTEXT, 2));
      fields.push(wOctets(f.value, CONTEXT, 3));
      if (f.dnAttributes) fields.push(wBool(true, CONTEXT, 4));
      return wSeq(fields, CONTEXT, tag);
    }
  }
}
