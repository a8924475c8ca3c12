import {
  CLASS_APPLICATION,
  CLASS_CONTEXT,
  CLASS_UNIVERSAL,
  UNIVERSAL,
  childrenOf,
  constructed,
  expectTag,
  fail,
  parseTlv,
  tagName,
  tagOf,
  toBytes,
  type Block,
  type DecodeCtx,
  type Node,
} from './der.ts';

/**
 * A small schema layer over asn1js, in the spirit of impacket's `_sequence_component`:
 * every field names its context tag where it is declared, so a declaration reads like the
 * RFC 4120 module (which uses EXPLICIT TAGS throughout: `[n]` wraps the inner TLV).
 *
 *   const PrincipalName = sequence('PrincipalName', [
 *     field('nameType', 0, Int32),
 *     field('nameString', 1, sequenceOf(KerberosString)),
 *   ]);
 *   type PrincipalName = Infer<typeof PrincipalName>;
 *
 * TypeScript types follow from the declarations. Optional fields are `?:` properties: absent
 * on decode when absent on the wire, omitted on encode when `undefined`. Fields are encoded in
 * declaration order (ascending tags), so DER in gives the same DER out.
 */
export interface Codec<T> {
  /** The ASN.1 type name, used in error paths. */
  readonly asnName: string;
  /** Builds the block for a value; throws RangeError/TypeError for a value the type cannot hold. */
  toAsn(value: T, path: string): Block;
  /** Reads a node; throws DecodeError for anything malformed. */
  fromAsn(ctx: DecodeCtx, node: Node, path: string): T;
}

export type Infer<C> = C extends Codec<infer T> ? T : never;

type FieldKind = 'required' | 'optional' | 'fixed';

export interface FieldSpec<K extends string, V, Kind extends FieldKind> {
  readonly name: K;
  readonly tag: number;
  readonly codec: Codec<V>;
  readonly kind: Kind;
  /** For 'fixed' fields: the only value allowed (pvno 5, msg-type n). */
  readonly fixedValue?: V;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldSpec<string, any, FieldKind>;

/** A field `name [tag] Codec`, optionally OPTIONAL. */
export function field<K extends string, V>(name: K, tag: number, codec: Codec<V>): FieldSpec<K, V, 'required'>;
export function field<K extends string, V>(
  name: K,
  tag: number,
  codec: Codec<V>,
  opts: { optional: true },
): FieldSpec<K, V, 'optional'>;
export function field<K extends string, V>(
  name: K,
  tag: number,
  codec: Codec<V>,
  opts?: { optional: true },
): FieldSpec<K, V, 'required' | 'optional'> {
  checkTagNumber(tag);
  return { name, tag, codec, kind: opts?.optional ? 'optional' : 'required' };
}

/**
 * A field whose value the spec fixes (`pvno [0] INTEGER (5)`, `msg-type [1] INTEGER (30)`).
 * It does not appear in the TypeScript type: the encoder writes the value, the decoder checks
 * it and throws DecodeError whose `what` ends in `.<name>` (the KDC maps `.pvno` to
 * KDC_ERR_BAD_PVNO and `.msgType` to KRB_AP_ERR_MSG_TYPE).
 */
export function fixed<K extends string, V>(name: K, tag: number, codec: Codec<V>, value: V): FieldSpec<K, V, 'fixed'> {
  checkTagNumber(tag);
  return { name, tag, codec, kind: 'fixed', fixedValue: value };
}

function checkTagNumber(tag: number): void {
  if (!Number.isInteger(tag) || tag < 0 || tag > 30) throw new RangeError(`context tag ${tag} out of range`);
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ValueOf<P> = P extends FieldSpec<string, infer V, FieldKind> ? V : never;

export type InferFields<F extends readonly AnyField[]> = Simplify<
  { [P in F[number] as P['kind'] extends 'required' ? P['name'] : never]: ValueOf<P> } & {
    [P in F[number] as P['kind'] extends 'optional' ? P['name'] : never]?: ValueOf<P>;
  }
>;

/** Blocks of the sequences being encoded, innermost last (see sequence's toAsn). */
const blockStack: Block[] = [];

/** `SEQUENCE { name [tag] Type, ... }` with explicit context tags. */
export function sequence<const F extends readonly AnyField[]>(asnName: string, fields: F): Codec<InferFields<F>> {
  for (let i = 1; i < fields.length; i++) {
    if (fields[i].tag <= fields[i - 1].tag) throw new RangeError(`${asnName}: tags must ascend`);
  }
  type T = InferFields<F>;
  return {
    asnName,
    toAsn(value: T, path: string): Block {
      if (value === null || typeof value !== 'object') throw new TypeError(`${path}: expected an object`);
      const v = value as Record<string, unknown>;
      // The field blocks gather on a shared stack (nested encodes work above this base) and are
      // copied out at their exact count, not into an array grown by push (17 slots reserved).
      const base = blockStack.length;
      try {
        for (const f of fields) {
          const fp = path === NO_PATH ? NO_PATH : `${path}.${f.name}`;
          let x: unknown = v[f.name];
          if (f.kind === 'fixed') x = f.fixedValue;
          else if (x === undefined) {
            if (f.kind === 'optional') continue;
            throw new TypeError(`${fp}: required field missing`);
          }
          const inner = f.codec.toAsn(x, fp);
          blockStack.push(constructed(CLASS_CONTEXT, f.tag, [inner]));
        }
        return constructed(CLASS_UNIVERSAL, UNIVERSAL.SEQUENCE, blockStack.slice(base));
      } finally {
        blockStack.length = base;
      }
    },
    fromAsn(ctx: DecodeCtx, node: Node, path: string): T {
      expectTag(ctx, node, CLASS_UNIVERSAL, UNIVERSAL.SEQUENCE, true, path);
      const kids = childrenOf(ctx, node, path);
      const out: Record<string, unknown> = {};
      let k = 0;
      for (const f of fields) {
        const fp = path === NO_PATH ? NO_PATH : `${path}.${f.name}`;
        const kid = kids[k];
        const t = kid ? tagOf(kid) : undefined;
        if (!kid || t!.cls !== CLASS_CONTEXT || t!.num !== f.tag) {
          if (f.kind === 'optional') continue;
          fail(ctx, kid ?? node, fp, `required field ${tagName(CLASS_CONTEXT, f.tag)} missing`);
        }
        k++;
        const inner = explicitInner(ctx, kid, fp);
        const x = f.codec.fromAsn(ctx, inner, fp);
        if (f.kind === 'fixed') {
          if (x !== f.fixedValue) fail(ctx, inner, fp, `must be ${String(f.fixedValue)}, is ${String(x)}`);
        } else out[f.name] = x;
      }
      if (k < kids.length) {
        const t = tagOf(kids[k]);
        fail(ctx, kids[k], path, `unexpected ${tagName(t.cls, t.num)} (unknown, duplicate or out of order)`);
      }
      return out as T;
    },
  };
}

/** The single TLV inside an explicit tag. */
function explicitInner(ctx: DecodeCtx, wrapper: Node, path: string): Node {
  const inner = childrenOf(ctx, wrapper, path);
  if (inner.length !== 1) fail(ctx, wrapper, path, `explicit tag holds ${inner.length} elements, not 1`);
  return inner[0];
}

/** `SEQUENCE OF Type`, with a bound on the element count (and optionally a minimum). */
export function sequenceOf<T>(codec: Codec<T>, opts: { max?: number; min?: number } = {}): Codec<T[]> {
  const max = opts.max ?? 256;
  const min = opts.min ?? 0;
  return {
    asnName: `SEQUENCE OF ${codec.asnName}`,
    toAsn(value: T[], path: string): Block {
      if (!Array.isArray(value)) throw new TypeError(`${path}: expected an array`);
      if (value.length > max || value.length < min) {
        throw new RangeError(`${path}: ${value.length} elements, allowed ${min}..${max}`);
      }
      return constructed(
        CLASS_UNIVERSAL,
        UNIVERSAL.SEQUENCE,
        value.map((x, i) => codec.toAsn(x, path === NO_PATH ? NO_PATH : `${path}[${i}]`)),
      );
    },
    fromAsn(ctx: DecodeCtx, node: Node, path: string): T[] {
      expectTag(ctx, node, CLASS_UNIVERSAL, UNIVERSAL.SEQUENCE, true, path);
      const kids = childrenOf(ctx, node, path);
      if (kids.length > max || kids.length < min) {
        fail(ctx, node, path, `${kids.length} elements, allowed ${min}..${max}`);
      }
      return kids.map((kid, i) => codec.fromAsn(ctx, kid, path === NO_PATH ? NO_PATH : `${path}[${i}]`));
    },
  };
}

/**
 * `[APPLICATION n] Type` (explicit), built by hand on an asn1js Constructed block. `accept`
 * lists further application numbers the decoder takes (EncASRepPart: 25, and 26 as MIT sends).
 */
export function application<T>(n: number, codec: Codec<T>, asnName: string, accept: readonly number[] = []): Codec<T> {
  const ok = new Set([n, ...accept]);
  return {
    asnName,
    toAsn(value: T, path: string): Block {
      return constructed(CLASS_APPLICATION, n, [codec.toAsn(value, path)]);
    },
    fromAsn(ctx: DecodeCtx, node: Node, path: string): T {
      const t = tagOf(node);
      if (t.cls !== CLASS_APPLICATION || !ok.has(t.num) || !t.constructed) {
        fail(ctx, node, path, `expected ${tagName(CLASS_APPLICATION, n)}, found ${tagName(t.cls, t.num)}`);
      }
      return codec.fromAsn(ctx, explicitInner(ctx, node, path), path);
    },
  };
}

/** A codec under a new ASN.1 name (type aliases such as `Realm ::= KerberosString`). */
export function alias<T>(asnName: string, codec: Codec<T>): Codec<T> {
  return { asnName, toAsn: codec.toAsn, fromAsn: codec.fromAsn };
}

/**
 * The path encode and decode hand the codecs on their first pass: the schema builds no path
 * strings under it (one per field and element otherwise, used only in error messages). When that
 * pass throws, the same pure pass runs again with real paths and throws the error with them.
 */
export const NO_PATH = '\u0000';

/** DER bytes of a value. */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  let block: Block;
  try {
    block = codec.toAsn(value, NO_PATH);
  } catch {
    block = codec.toAsn(value, codec.asnName);
  }
  return toBytes(block);
}

/** Decodes BER/DER bytes that must hold exactly one value of the type; DecodeError otherwise. */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const { node, ctx } = parseTlv(bytes, codec.asnName);
  try {
    return codec.fromAsn(ctx, node, NO_PATH);
  } catch {
    return codec.fromAsn(ctx, node, codec.asnName);
  }
}

/**
 * `CHOICE { name [n] Type }` with one alternative (RFC 6113 PA-FX-FAST-REQUEST / -REPLY, whose
 * armored-data [0] is the only alternative defined): the value is the alternative's.
 */
export function contextChoice<T>(n: number, codec: Codec<T>, asnName: string): Codec<T> {
  return {
    asnName,
    toAsn(value: T, path: string): Block {
      return constructed(CLASS_CONTEXT, n, [codec.toAsn(value, path)]);
    },
    fromAsn(ctx: DecodeCtx, node: Node, path: string): T {
      const t = tagOf(node);
      if (t.cls !== CLASS_CONTEXT || t.num !== n || !t.constructed) {
        fail(ctx, node, path, `expected ${tagName(CLASS_CONTEXT, n)}, found ${tagName(t.cls, t.num)}`);
      }
      return codec.fromAsn(ctx, explicitInner(ctx, node, path), path === NO_PATH ? NO_PATH : `${path}.[${n}]`);
    },
  };
}
