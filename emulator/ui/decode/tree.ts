/**
 * The decoded view's tree (GET /api/events/:id/decoded): nodes of {label, value?, note?, children?}
 * the page renders as a collapsible list. `secret` marks a value that is masked unless the lab
 * shows secrets (`ctlab up --ui-show-secrets`); `error` marks a part that could not be opened, its
 * value saying which key was tried and what failed. Builders here, no protocol knowledge.
 */
export interface DecodedNode {
  readonly label: string;
  /** A stable name for the node (the page sets it as data-key: tests and links find it by that). */
  readonly key?: string;
  readonly value?: string;
  readonly note?: string;
  readonly secret?: true;
  readonly error?: true;
  /** Shown open at first (the page opens the path to the parts a trainer points at). */
  readonly open?: true;
  readonly children?: readonly DecodedNode[];
}

/** What a masked secret shows. */
export const MASKED = '••• (masked)';

/** What decoders are given besides the bytes: whether secrets are shown (the rest is per decoder). */
export interface SecretPolicy {
  readonly showSecrets: boolean;
}

type Kids = readonly (DecodedNode | undefined | false)[];

/** A node; children that are undefined or false are left out, an empty list is no list. */
export function node(label: string, value?: string | number | boolean, note?: string, children?: Kids): DecodedNode {
  const kids = (children ?? []).filter((c): c is DecodedNode => !!c);
  return {
    label,
    ...(value !== undefined && value !== '' ? { value: String(value) } : {}),
    ...(note ? { note } : {}),
    ...(kids.length ? { children: kids } : {}),
  };
}

/** The node with a stable key. */
export const keyed = (key: string, n: DecodedNode): DecodedNode => ({ ...n, key });

/** A group of children under a label. */
export function group(label: string, children: Kids, note?: string): DecodedNode {
  return node(label, undefined, note, children);
}

/** A part that could not be decoded or opened: what was tried and why it failed. */
export function failed(label: string, why: string): DecodedNode {
  return { label, value: why, error: true };
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A secret value: its hex (or text) only when the policy shows secrets. */
export function secret(label: string, value: Uint8Array | string, policy: SecretPolicy, note?: string): DecodedNode {
  const shown = typeof value === 'string' ? value : hex(value);
  return { label, value: policy.showSecrets ? shown : MASKED, secret: true, ...(note ? { note } : {}) };
}

/** Runs a decoder step; a throw becomes a failed node naming the step (decoders never throw). */
export function attempt(label: string, f: () => DecodedNode): DecodedNode {
  try {
    return f();
  } catch (err) {
    return failed(label, err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  }
}

/** A time in ms as ISO 8601 (UTC). */
export const iso = (ms: number | undefined): string | undefined => (ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString());

/**
 * Marks open every node whose key is in `keys` and every node on the way to one, without looking
 * inside subtrees whose key is in `skip` (e.g. the request's ticket, whose PAC the reply repeats).
 */
export function openAlong(nodes: readonly DecodedNode[], keys: ReadonlySet<string>, skip: ReadonlySet<string>): DecodedNode[] {
  const visit = (n: DecodedNode): { node: DecodedNode; hit: boolean } => {
    if (n.key && skip.has(n.key)) return { node: n, hit: false };
    const kids = (n.children ?? []).map(visit);
    const hit = (n.key !== undefined && keys.has(n.key)) || kids.some((k) => k.hit);
    const children = kids.map((k) => k.node);
    return { node: { ...n, ...(n.children ? { children } : {}), ...(hit ? { open: true as const } : {}) }, hit };
  };
  return nodes.map((n) => visit(n).node);
}
