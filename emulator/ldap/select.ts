/**
 * Attribute selection (RFC 4511 4.5.1.8 with AD's rules): names case-insensitive and returned as
 * the schema spells them; `*` = every stored attribute; `+` = the cheap operational ones;
 * `1.1` = none; constructed attributes only when named (tokenGroups only on a base-scope search,
 * MS-ADTS 3.1.1.4.5.19); AD range retrieval `member;range=0-*`; typesOnly.
 */
import { sidToBytes } from '../directory/ids.ts';
import type { AttributeValue, Directory, Principal } from '../directory/model.ts';
import { tokenGroups } from '../directory/tokens.ts';
import { accountState } from '../directory/account-state.ts';
import { GROUP_TYPE, UF } from '../directory/uac.ts';
import { splitDn } from '../directory/dn.ts';
import { LazyAttributes } from '../directory/entry-builder.ts';
import type { PartialAttribute } from './codec/index.ts';
import { attributeType, schemaName, valueBytes } from './schema.ts';
import type { DirectoryTree, TreeEntry } from './tree.ts';

export interface SelectContext {
  readonly tree: DirectoryTree;
  readonly directory: Directory;
  /** The search scope: tokenGroups is only computed for base-scope searches. */
  readonly scope: 0 | 1 | 2;
  readonly nowMs: number;
}

/** What `+` adds (AD has no `+`; these are the constructed attributes OpenLDAP users expect). */
const PLUS = ['createTimeStamp', 'modifyTimeStamp', 'structuralObjectClass', 'subSchemaSubEntry', 'canonicalName'];
const TOKEN_ATTRS = new Set(['tokengroups', 'tokengroupsglobalanduniversal', 'tokengroupsnogcacceptable']);

export interface Selection {
  readonly all: boolean;
  readonly plus: boolean;
  readonly none: boolean;
  /** Explicit names, lower-cased, without options, each with its range if asked. */
  readonly named: ReadonlyMap<string, { asked: string; range?: [number, number | '*'] }>;
}

export function parseSelection(requested: readonly string[]): Selection {
  const named = new Map<string, { asked: string; range?: [number, number | '*'] }>();
  let all = requested.length === 0;
  let plus = false;
  for (const r of requested) {
    if (r === '*') all = true;
    else if (r === '+') plus = true;
    else if (r === '1.1') continue;
    else {
      const [base, ...opts] = r.split(';');
      const rm = opts.map((o) => /^range=(\d+)-(\d+|\*)$/i.exec(o)).find(Boolean);
      const range = rm ? ([Number(rm[1]), rm[2] === '*' ? '*' : Number(rm[2])] as [number, number | '*']) : undefined;
      named.set(base.toLowerCase(), { asked: r, ...(range ? { range } : {}) });
    }
  }
  const none = requested.length > 0 && requested.every((r) => r === '1.1');
  return { all, plus, none, named };
}

/** canonicalName: `fabrikam.local/Users/alice` (MS-ADTS 3.1.1.4.5.13). */
function canonicalName(ctx: SelectContext, dn: string): string {
  const rdns = splitDn(dn);
  const dcs: string[] = [];
  const rest: string[] = [];
  for (const r of rdns.reverse()) {
    const [type, ...v] = r.split('=');
    if (type.trim().toLowerCase() === 'dc' && rest.length === 0) dcs.unshift(v.join('='));
    else rest.push(v.join('=').replace(/\\(.)/g, '$1'));
  }
  return `${dcs.join('.')}/${rest.join('/')}`;
}

function constructed(ctx: SelectContext, t: TreeEntry, lower: string): AttributeValue[] | undefined {
  const attrs = t.entry.attributes;
  switch (lower) {
    case 'createtimestamp':
      return attrs.get('whencreated')?.values.slice();
    case 'modifytimestamp':
      return attrs.get('whenchanged')?.values.slice();
    case 'structuralobjectclass':
      return attrs.get('objectclass')?.values.slice();
    case 'subschemasubentry':
      return [ctx.tree.schema.aggregateDn];
    case 'canonicalname':
      return [canonicalName(ctx, t.entry.dn)];
    case 'attributetypes':
    case 'objectclasses':
    case 'ditcontentrules':
      return t.entry.dn === ctx.tree.schema.aggregateDn ? ctx.tree.schema.subschemaValues(lower) : undefined;
  }
  const p: Principal | undefined = ctx.directory.principalByDn(t.entry.dn);
  if (!p) return undefined;
  if (TOKEN_ATTRS.has(lower)) {
    if (ctx.scope !== 0) return undefined;
    const scopes = lower === 'tokengroups' ? undefined : (['global', 'universal'] as const);
    const groups = tokenGroups(ctx.directory, p, scopes ? { scopes } : {}).groups.filter((g) => (g.groupType & GROUP_TYPE.SECURITY_ENABLED) !== 0);
    return groups.map((g) => sidToBytes(g.sid));
  }
  if (lower === 'msds-principalname') return [`${ctx.directory.domain.netbiosName}\\${p.samAccountName}`];
  if (lower === 'msds-user-account-control-computed' && p.kind !== 'group') {
    const s = accountState(ctx.directory.domain, p, ctx.nowMs);
    return [String((s.locked ? UF.LOCKOUT : 0) | (s.passwordExpired ? UF.PASSWORD_EXPIRED : 0))];
  }
  return undefined;
}

function ranged(name: string, values: AttributeValue[], range?: [number, number | '*']): { name: string; values: AttributeValue[] } {
  if (!range) return { name, values };
  const [lo, hi] = range;
  const end = hi === '*' || hi >= values.length - 1 ? values.length - 1 : hi;
  const slice = values.slice(lo, end + 1);
  return { name: `${name};range=${lo}-${end === values.length - 1 ? '*' : end}`, values: slice };
}

export function selectAttributes(ctx: SelectContext, t: TreeEntry, sel: Selection, typesOnly: boolean): PartialAttribute[] {
  if (sel.none) return [];
  const out: PartialAttribute[] = [];
  const done = new Set<string>();
  const emit = (name: string, values: readonly AttributeValue[], range?: [number, number | '*']) => {
    const r = ranged(schemaName(name), [...values], range);
    out.push({ type: r.name, values: typesOnly ? [] : r.values.map(valueBytes) });
  };
  // An account or group entry not assembled answers a selection of its light attributes (an
  // enumeration of sAMAccountName, cn, ...) without assembling (entry-builder.ts).
  const attrs = t.entry.attributes;
  const light = !sel.all && attrs instanceof LazyAttributes ? attrs.lightSelection(sel.named.keys()) : undefined;
  for (const a of light ?? attrs.values()) {
    const lower = a.name.toLowerCase();
    const n = sel.named.get(lower);
    if (n || (sel.all && !attributeType(a.name)?.constructed)) {
      emit(a.name, a.values, n?.range);
      done.add(lower);
    }
  }
  const wanted = [...sel.named.keys(), ...(sel.plus ? PLUS.map((p) => p.toLowerCase()) : [])];
  for (const lower of wanted) {
    if (done.has(lower)) continue;
    done.add(lower);
    const values = constructed(ctx, t, lower);
    if (values && values.length) emit(attributeType(lower)?.name ?? lower, values, sel.named.get(lower)?.range);
  }
  return out;
}
