// Completion from the scenario JSON Schema, without a YAML library in the browser: the path at the
// cursor comes from an indentation walk (block YAML, as every shipped scenario is written) or a
// bracket walk (JSON), then the schema is walked along that path ($ref, properties,
// additionalProperties, items, prefixItems, anyOf/oneOf/allOf). Pure functions: the editor
// (editor.js) and the unit tests (test/unit/ui/schema-complete.test.ts) call the same code.

/** @typedef {(string|number)[]} Path */

/** Follows a local $ref ('#/…') and flattens anyOf/oneOf/allOf into the alternatives at a node. */
export function alternatives(root, node, seen = new Set()) {
  if (!node || typeof node !== 'object' || seen.has(node)) return [];
  seen.add(node);
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    const target = node.$ref.slice(1).split('/').filter(Boolean).reduce((o, k) => (o ? o[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
    return alternatives(root, target, seen);
  }
  const out = [node];
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(node[k])) for (const n of node[k]) out.push(...alternatives(root, n, seen));
  return out;
}

/** Every schema node the value at `path` may match (empty: the path leaves the schema). */
export function schemaAt(schema, path) {
  let nodes = alternatives(schema, schema);
  for (const seg of path) {
    const next = [];
    for (const n of nodes) {
      if (typeof seg === 'number') {
        if (Array.isArray(n.prefixItems) && n.prefixItems[seg]) next.push(n.prefixItems[seg]);
        else if (Array.isArray(n.items)) { if (n.items[seg]) next.push(n.items[seg]); }
        else if (n.items && typeof n.items === 'object') next.push(n.items);
      } else if (n.properties && Object.hasOwn(n.properties, seg)) next.push(n.properties[seg]);
      else if (n.additionalProperties && typeof n.additionalProperties === 'object') next.push(n.additionalProperties);
    }
    nodes = next.flatMap((n) => alternatives(schema, n));
  }
  return nodes;
}

function typeOf(s) {
  if (Array.isArray(s.enum)) return 'one of';
  if ('const' in s) return 'constant';
  return Array.isArray(s.type) ? s.type.join(' | ') : s.type ?? (s.properties ? 'object' : s.anyOf || s.oneOf ? 'one of several' : '');
}

/** The property names valid in the mapping at `path`, with their descriptions, minus `present`. */
export function propertyOptions(schema, path, present = []) {
  const byName = new Map();
  for (const n of schemaAt(schema, path)) {
    if (!n.properties) continue;
    const required = new Set(Array.isArray(n.required) ? n.required : []);
    for (const [name, sub] of Object.entries(n.properties)) {
      if (byName.has(name) || present.includes(name)) continue;
      const alts = alternatives(schema, sub);
      const described = alts.find((a) => typeof a.description === 'string');
      const typed = alts.find((a) => typeOf(a)) ?? {};
      byName.set(name, { label: name, kind: 'property', detail: `${typeOf(typed)}${required.has(name) ? ', required' : ''}`, info: described?.description ?? '', required: required.has(name) });
    }
  }
  return [...byName.values()];
}

/** The values the schema names for the value at `path`: enum and const members, true/false for booleans. */
export function valueOptions(schema, path) {
  const seen = new Map();
  const add = (v, info) => seen.has(JSON.stringify(v)) || seen.set(JSON.stringify(v), { label: String(v), value: v, kind: 'value', detail: typeof v, info });
  for (const n of schemaAt(schema, path)) {
    const info = typeof n.description === 'string' ? n.description : '';
    if (Array.isArray(n.enum)) for (const v of n.enum) add(v, info);
    if ('const' in n) add(n.const, info);
    if (n.type === 'boolean' || (Array.isArray(n.type) && n.type.includes('boolean'))) for (const v of [true, false]) add(v, info);
  }
  return [...seen.values()];
}

// ---- YAML: the indentation walk ----

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]}>|!&*-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

/** One line of block YAML: indent, the columns of its `- ` markers, where its content starts, its key and value. */
export function yamlLine(line) {
  let i = 0;
  while (line[i] === ' ') i++;
  const indent = i;
  const dashes = [];
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
  }
  const rest = line.slice(i);
  const m = KEY.exec(rest);
  const key = m ? unquote(m[1]) : undefined;
  const value = m ? rest.slice(m[0].length).replace(/(^|\s)#.*$/, '').trim() : rest.trim();
  return { indent, dashes, col: i, rest, key, value, blank: !dashes.length && (rest.trim() === '' || rest.trimStart().startsWith('#')) };
}

function unquote(k) {
  if (k.startsWith('"')) {
    try {
      return JSON.parse(k);
    } catch {
      return k.slice(1, -1);
    }
  }
  return k.startsWith("'") ? k.slice(1, -1).replace(/''/g, "'") : k.trim();
}

/**
 * The YAML context at `offset`: the mapping's (or sequence item's) path, whether the cursor is at a
 * key or a value, the word typed so far and where it starts, and the keys already in that mapping.
 */
export function yamlContext(text, offset) {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset).replace(/\r$/, '');
  const lines = text.slice(0, lineStart).split('\n').map((l) => l.replace(/\r$/, ''));
  lines.pop(); // the empty string after the last newline
  const cur = yamlLine(prefix);
  const rev = []; // path segments, innermost first
  const siblings = [];
  let mode;
  let C;
  let count = 0;
  let level0 = true;
  /** An entry line: the mapping at its content column, inside the items its dashes open. */
  const enter = (l) => {
    for (let d = l.dashes.length - 1; d > 0; d--) rev.push(0);
    if (l.dashes.length) [mode, C, count] = ['seq', l.dashes[0], 0];
    else [mode, C] = ['map', l.col];
  };
  enter(cur);
  let position = 'key';
  let word = cur.rest;
  let from = offset - word.length;
  let valuePath = [];
  let flowPresent;
  let quoted = '';
  const value = cur.key !== undefined ? cur.rest.slice(cur.rest.indexOf(':') + 1).trimStart() : cur.rest;
  if (/^[[{]/.test(value)) {
    // a flow collection on the line (`- { name: dc1, os: … }`, `down: [kdc, …]`): the walk goes on inside it
    const flow = flowContext(value);
    [position, word, valuePath, flowPresent, quoted] = [flow.position, flow.word, cur.key !== undefined ? [cur.key, ...flow.path] : flow.path, flow.present, flow.quoted];
    from = offset - word.length;
  } else if (cur.key !== undefined) {
    position = 'value';
    valuePath = [cur.key];
    quoted = /^["']/.test(value) ? value[0] : '';
    word = quoted ? value.slice(1) : value;
    from = offset - word.length;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const raw = lines[i];
    if (raw.startsWith('---') || raw.startsWith('...')) break;
    const l = yamlLine(raw);
    if (l.blank) continue;
    const first = l.indent;
    if (mode === 'map') {
      if (first > C) continue;
      if (l.key !== undefined && l.col === C) {
        if (level0) siblings.push(l.key);
        if (l.dashes.length) {
          level0 = false;
          enter(l);
        }
        continue;
      }
      if (first === C && l.dashes[0] === C) continue; // an item of a sibling's sequence at the same indent
      if (l.key !== undefined && l.value === '' && l.col < C) {
        level0 = false;
        rev.push(l.key);
        enter(l);
        continue;
      }
      if (l.key === undefined && l.rest.trim() === '' && l.dashes.length && l.dashes.at(-1) < C) {
        level0 = false;
        enter(l);
        continue;
      }
      break;
    } else {
      if (first > C) continue;
      if (l.dashes[0] === C) {
        count++;
        continue;
      }
      rev.push(count);
      if (l.key !== undefined && l.value === '' && l.col <= C) {
        level0 = false;
        rev.push(l.key);
        enter(l);
        continue;
      }
      mode = 'done';
      break;
    }
  }
  if (mode === 'seq') rev.push(count);
  // The keys below the cursor in the same mapping count as present too.
  const nl = text.indexOf('\n', offset);
  if (position === 'key' && !flowPresent && nl >= 0) {
    for (const raw of text.slice(nl + 1).split('\n')) {
      const l = yamlLine(raw.replace(/\r$/, ''));
      if (l.blank || l.indent > cur.col) continue;
      if (l.indent === cur.col && !l.dashes.length && l.key !== undefined) siblings.push(l.key);
      else break;
    }
  }
  const path = [...rev.reverse(), ...valuePath];
  return { path, position, word, from, present: position !== 'key' ? [] : flowPresent ?? siblings, quoted };
}

/**
 * Inside YAML flow collections on one line (`text` starts at the first bracket and ends at the
 * cursor): the path below the line's own, key or value, the word typed and the keys already given.
 */
export function flowContext(text) {
  const stack = [];
  let quote = '';
  let buf = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack.at(-1);
    if (quote) {
      if (c === '\\' && quote === '"') buf += text[++i] ?? '';
      else if (c === quote && quote === "'" && text[i + 1] === "'") [buf, i] = [buf + "'", i + 1];
      else if (c === quote) quote = '';
      else buf += c;
      continue;
    }
    if ((c === '"' || c === "'") && buf.trim() === '') [quote, buf] = [c, ''];
    else if (c === '{' || c === '[') {
      stack.push(c === '{' ? { type: 'obj', expectKey: true, key: undefined, present: [] } : { type: 'arr', index: 0 });
      buf = '';
    } else if (c === '}' || c === ']') {
      stack.pop();
      buf = '';
    } else if (c === ':' && top?.type === 'obj' && top.expectKey && (i + 1 === text.length || /[\s,}\]]/.test(text[i + 1]))) {
      top.key = buf.trim();
      top.present.push(top.key);
      [top.expectKey, buf] = [false, ''];
    } else if (c === ',' && top) {
      if (top.type === 'obj') [top.expectKey, top.key] = [true, undefined];
      else top.index++;
      buf = '';
    } else buf += c;
  }
  const path = stack.slice(0, -1).map((f) => (f.type === 'obj' ? f.key : f.index));
  const top = stack.at(-1);
  const word = quote ? buf : buf.trimStart();
  if (!top) return { path: [], position: 'value', word, present: [], quoted: quote };
  if (top.type === 'obj' && top.expectKey) return { path, position: 'key', word, present: top.present, quoted: quote };
  return { path: [...path, top.type === 'obj' ? top.key : top.index], position: 'value', word, present: [], quoted: quote };
}

// ---- JSON: the bracket walk ----

/** The JSON context at `offset` (same shape as yamlContext). */
export function jsonContext(text, offset) {
  const stack = [];
  let inString = false;
  let str = '';
  let strStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    const top = stack.at(-1);
    if (inString) {
      if (c === '\\') {
        str += text[i + 1] ?? '';
        i++;
      } else if (c === '"') {
        inString = false;
        if (top?.type === 'obj' && top.expectKey) {
          top.key = str;
          top.present.push(str);
        }
      } else str += c;
      continue;
    }
    if (c === '"') [inString, str, strStart] = [true, '', i + 1];
    else if (c === '{') stack.push({ type: 'obj', expectKey: true, key: undefined, present: [] });
    else if (c === '[') stack.push({ type: 'arr', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ':' && top?.type === 'obj') top.expectKey = false;
    else if (c === ',' && top) {
      if (top.type === 'obj') [top.expectKey, top.key] = [true, undefined];
      else top.index++;
    }
  }
  const path = stack.slice(0, -1).map((f) => (f.type === 'obj' ? f.key : f.index));
  const top = stack.at(-1);
  let word;
  let from;
  if (inString) [word, from] = [str, strStart];
  else {
    word = /[\w.-]*$/.exec(text.slice(0, offset))[0];
    from = offset - word.length;
  }
  const quoted = inString ? '"' : '';
  if (!top) return { path: [], position: 'value', word, from, present: [], quoted };
  if (top.type === 'obj' && top.expectKey) return { path, position: 'key', word, from, present: top.present, quoted };
  return { path: [...path, top.type === 'obj' ? top.key : top.index], position: 'value', word, from, present: [], quoted };
}

// ---- Both: the options to offer ----

const NEEDS_QUOTES = /^(?:[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+|\.inf)|\.nan|0x[\da-f]+|0o[0-7]+|true|false|null|yes|no|on|off|~|-)$|^(?:[&*!|>'"%@`#{}[\],?:]|-\s)|:\s|\s#|^\s|\s$/i;

/** The text to insert for a value in YAML: strings that would read as numbers, booleans or null are quoted. */
export function yamlScalar(v) {
  return typeof v === 'string' && (v === '' || NEEDS_QUOTES.test(v)) ? JSON.stringify(v) : String(v);
}

/**
 * The completion at `offset` of `text` (`lang` 'yaml' or 'json'): where the replaced word starts and
 * the options, each with its label, kind ('property' | 'value'), detail, info (the schema's
 * description) and the text to insert.
 */
export function complete(schema, text, offset, lang) {
  const ctx = lang === 'json' ? jsonContext(text, offset) : yamlContext(text, offset);
  const after = text.slice(offset, text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset));
  // Inside a quoted key or value: the text, then the closing quote unless it is already there.
  const close = ctx.quoted && !after.startsWith(ctx.quoted) ? ctx.quoted : '';
  const keyApply = (name) => {
    if (ctx.quoted) return `${name}${close}`;
    if (lang === 'json') return `${JSON.stringify(name)}: `;
    return /^\s*:/.test(after) ? name : `${name}: `;
  };
  const valueApply = (v) => (ctx.quoted ? `${v}${close}` : lang === 'json' ? JSON.stringify(v) : yamlScalar(v));
  let options = ctx.position === 'key' ? propertyOptions(schema, ctx.path, ctx.present) : [];
  if (options.length) for (const o of options) o.apply = keyApply(o.label);
  else {
    // a value, or a sequence item that is a scalar: the values the schema names
    options = valueOptions(schema, ctx.path);
    for (const o of options) o.apply = valueApply(o.value);
  }
  return { from: ctx.from, path: ctx.path, position: ctx.position, options };
}
