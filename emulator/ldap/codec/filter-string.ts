/**
 * The string form of search filters, RFC 4515: `filterToString` for traces and logs,
 * `parseFilter` for tests, tools and the CLDAP ping builder. Values are bytes; bytes that are
 * special (`*()\` and NUL) or not printable UTF-8 are written as `\xx`.
 */
import { LdapDecodeError } from './errors.ts';
import { MAX_FILTER_DEPTH, type Filter } from './filter.ts';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/** RFC 4515 section 3 escaping of an assertion value. */
export function escapeValue(v: Uint8Array): string {
  let s: string | undefined;
  try {
    s = dec.decode(v);
  } catch {
    s = undefined;
  }
  if (s !== undefined && !/[\u0000-\u001f\u007f]/.test(s)) {
    return s.replace(/[*()\\]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  }
  return Array.from(v, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

export function filterToString(f: Filter): string {
  switch (f.type) {
    case 'and':
      return `(&${f.filters.map(filterToString).join('')})`;
    case 'or':
      return `(|${f.filters.map(filterToString).join('')})`;
    case 'not':
      return `(!${filterToString(f.filter)})`;
    case 'equalityMatch':
      return `(${f.attribute}=${escapeValue(f.value)})`;
    case 'greaterOrEqual':
      return `(${f.attribute}>=${escapeValue(f.value)})`;
    case 'lessOrEqual':
      return `(${f.attribute}<=${escapeValue(f.value)})`;
    case 'approxMatch':
      return `(${f.attribute}~=${escapeValue(f.value)})`;
    case 'present':
      return `(${f.attribute}=*)`;
    case 'substrings': {
      const mid = f.any.map(escapeValue).join('*');
      const i = f.initial ? escapeValue(f.initial) : '';
      const fin = f.final ? escapeValue(f.final) : '';
      return `(${f.attribute}=${i}*${mid}${mid ? '*' : ''}${fin})`;
    }
    case 'extensibleMatch':
      return `(${f.attribute ?? ''}${f.dnAttributes ? ':dn' : ''}${f.matchingRule ? `:${f.matchingRule}` : ''}:=${escapeValue(f.value)})`;
  }
}

function bad(detail: string, at: number): never {
  throw new LdapDecodeError('filter string', `${detail} at ${at}`);
}

/** Decodes an RFC 4515 value: `\xx` escapes become bytes, the rest UTF-8. */
export function unescapeValue(s: string, at = 0): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) bad('bad escape', at + i);
      out.push(parseInt(h, 16));
      i += 2;
    } else if (c === '*' || c === '(' || c === ')') {
      bad(`unescaped '${c}'`, at + i);
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      out.push(...enc.encode(ch));
      i += ch.length - 1;
    }
  }
  return new Uint8Array(out);
}

const ATTR = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)(?:;[A-Za-z0-9-]+)*$/;
const RULE = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)$/;

class Parser {
  i = 0;
  readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  filter(depth: number): Filter {
    if (depth > MAX_FILTER_DEPTH) bad('nested too deeply', this.i);
    if (this.s[this.i] !== '(') bad("expected '('", this.i);
    this.i++;
    const c = this.s[this.i];
    let f: Filter;
    if (c === '&' || c === '|') {
      this.i++;
      const filters: Filter[] = [];
      while (this.s[this.i] === '(') filters.push(this.filter(depth + 1));
      f = c === '&' ? { type: 'and', filters } : { type: 'or', filters };
    } else if (c === '!') {
      this.i++;
      f = { type: 'not', filter: this.filter(depth + 1) };
    } else {
      f = this.item();
    }
    if (this.s[this.i] !== ')') bad("expected ')'", this.i);
    this.i++;
    return f;
  }

  item(): Filter {
    const start = this.i;
    let end = start;
    while (end < this.s.length && this.s[end] !== ')') {
      if (this.s[end] === '(') bad("unescaped '('", end);
      end++;
    }
    const body = this.s.slice(start, end);
    this.i = end;
    const idx = body.indexOf(':=');
    if (idx >= 0 && !/[=<>~]/.test(body.slice(0, idx))) {
      const [attr, ...flags] = body.slice(0, idx).split(':');
      let dnAttributes = false;
      let rule: string | undefined;
      for (const [k, fl] of flags.entries()) {
        if (k === 0 && fl.toLowerCase() === 'dn') dnAttributes = true;
        else if (rule === undefined && k === flags.length - 1 && RULE.test(fl)) rule = fl;
        else bad('bad extensible match', start);
      }
      if (attr && !ATTR.test(attr)) bad('bad attribute', start);
      if (!attr && !rule) bad('extensible match without attribute or rule', start);
      return {
        type: 'extensibleMatch',
        attribute: attr || undefined,
        matchingRule: rule,
        dnAttributes,
        value: unescapeValue(body.slice(idx + 2), start + idx + 2),
      };
    }
    const m = /^([^=<>~]+)(=|~=|>=|<=)(.*)$/.exec(body);
    if (!m) bad('bad filter item', start);
    const [, attribute, op, val] = m;
    if (!ATTR.test(attribute)) bad('bad attribute', start);
    const vAt = start + attribute.length + op.length;
    if (op === '~=') return { type: 'approxMatch', attribute, value: unescapeValue(val, vAt) };
    if (op === '>=') return { type: 'greaterOrEqual', attribute, value: unescapeValue(val, vAt) };
    if (op === '<=') return { type: 'lessOrEqual', attribute, value: unescapeValue(val, vAt) };
    if (val === '*') return { type: 'present', attribute };
    if (!val.includes('*')) return { type: 'equalityMatch', attribute, value: unescapeValue(val, vAt) };
    const parts = val.split('*');
    const first = parts[0];
    const last = parts[parts.length - 1];
    const mid = parts.slice(1, -1);
    if (mid.some((p) => p === '')) bad('empty substring between two *', vAt);
    return {
      type: 'substrings',
      attribute,
      initial: first ? unescapeValue(first, vAt) : undefined,
      any: mid.map((p) => unescapeValue(p, vAt)),
      final: last ? unescapeValue(last, vAt) : undefined,
    };
  }
}

/** Parses an RFC 4515 filter; like ldapsearch, a filter without outer parentheses is accepted. */
export function parseFilter(s: string): Filter {
  const t = s.trim();
  const p = new Parser(t.startsWith('(') ? t : `(${t})`);
  const f = p.filter(0);
  if (p.i !== p.s.length) bad('trailing characters', p.i);
  return f;
}
