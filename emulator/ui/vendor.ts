/**
 * `/vendor/<package>/<file>`: the scenario editor's browser libraries (CodeMirror 6 and the Lezer
 * parsers it needs), served from node_modules as the packages ship them, with no bundler and no
 * CDN. Only the packages of VENDOR_PACKAGES and only their .js files; a path with `..`, `.`, an
 * empty segment or a backslash is refused, and the real path must stay inside the package. Files
 * are read once, kept in memory and sent gzip-compressed to a browser that accepts it.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { join, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The packages the page's import map names (index.html): the editor and its dependencies, nothing else. */
export const VENDOR_PACKAGES: readonly string[] = [
  '@codemirror/state',
  '@codemirror/view',
  '@codemirror/commands',
  '@codemirror/language',
  '@codemirror/autocomplete',
  '@codemirror/lint',
  '@codemirror/lang-yaml',
  '@codemirror/lang-json',
  '@codemirror/streamparser',
  '@lezer/common',
  '@lezer/highlight',
  '@lezer/lr',
  '@lezer/yaml',
  '@lezer/json',
  'style-mod',
  'w3c-keyname',
  'crelt',
  '@marijn/find-cluster-break',
];

interface VendorFile {
  readonly raw: Buffer;
  readonly gz: Buffer;
  readonly etag: string;
}

const require = createRequire(import.meta.url);

/** A package's folder in node_modules (found by Node's own lookup paths), or undefined. */
function packageDir(name: string): string | undefined {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return realpathSync(join(dir, name));
  }
  return undefined;
}

/** `@scope/name/rest` or `name/rest` → [package, rest], only for allowed packages. */
export function splitVendorPath(p: string): { pkg: string; file: string } | undefined {
  const parts = p.split('/');
  const n = parts[0]?.startsWith('@') ? 2 : 1;
  const pkg = parts.slice(0, n).join('/');
  const rest = parts.slice(n);
  if (!VENDOR_PACKAGES.includes(pkg) || !rest.length) return undefined;
  if (rest.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) return undefined;
  if (!/\.m?js$/.test(rest.at(-1)!)) return undefined;
  return { pkg, file: rest.join('/') };
}

export class VendorFiles {
  private readonly dirs = new Map<string, string | undefined>();
  private readonly files = new Map<string, VendorFile>();

  /** The file at `/vendor/<rest>`, or undefined (not allowed, not there). */
  get(rest: string): VendorFile | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rest);
    } catch {
      return undefined;
    }
    const hit = this.files.get(decoded);
    if (hit) return hit;
    const split = splitVendorPath(decoded);
    if (!split) return undefined;
    if (!this.dirs.has(split.pkg)) this.dirs.set(split.pkg, packageDir(split.pkg));
    const dir = this.dirs.get(split.pkg);
    if (!dir) return undefined;
    const full = join(dir, split.file);
    if (!existsSync(full) || !statSync(full).isFile()) return undefined;
    const real = realpathSync(full);
    if (!real.startsWith(dir + sep)) return undefined;
    const raw = readFileSync(real);
    const file = { raw, gz: gzipSync(raw, { level: 9 }), etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"` };
    this.files.set(decoded, file);
    return file;
  }

  /** Answers GET /vendor/<rest>: 200 (gzip when accepted), 304 on a matching If-None-Match, false when there is no such file. */
  serve(req: IncomingMessage, res: ServerResponse, rest: string): boolean {
    const f = this.get(rest);
    if (!f) return false;
    const common = { etag: f.etag, 'cache-control': 'no-cache', vary: 'accept-encoding' };
    if (req.headers['if-none-match'] === f.etag) {
      res.writeHead(304, common);
      res.end();
      return true;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? f.gz : f.raw;
    res.writeHead(200, { ...common, 'content-type': 'text/javascript; charset=utf-8', 'content-length': body.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
    return true;
  }
}
