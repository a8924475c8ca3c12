/**
 * The editor's libraries from node_modules (emulator/ui/vendor.ts): every entry of the page's import
 * map is served, every bare import inside a served file is in the import map (the browser would fail
 * on any other), nothing outside the allow-listed packages or with `..` is, and gzip and ETag work.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabStores } from '../../../emulator/stores/lab-stores.ts';
import { Trace } from '../../../emulator/trace/trace.ts';
import { UiServer } from '../../../emulator/ui/server.ts';
import { splitVendorPath, VENDOR_PACKAGES } from '../../../emulator/ui/vendor.ts';
import { loadWorld } from '../../../emulator/world.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const world = loadWorld(`${ROOT}test/fixtures/entra-lab.yaml`);
const server = new UiServer({ world, stores: createLabStores(world, world.directory.dcs[0].hostName), trace: new Trace(), adminUrl: 'http://127.0.0.1:9', port: 0 });
let base: string;
const html = readFileSync(`${ROOT}emulator/ui/public/index.html`, 'utf8');
const importMap = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1]) as { imports: Record<string, string> };

beforeAll(async () => {
  const [a] = await server.start();
  base = `http://${a.host}:${a.port}`;
});
afterAll(() => server.close());

/** The bare specifiers a module imports (static `import … from 'x'`, `export … from 'x'`, `import 'x'`, at a line's start as the packages' dist files write them). */
const bareImports = (src: string) => [...src.matchAll(/^(?:import|export)\s*(?:[\w*{}\s,$]+?\sfrom\s*)?['"]([^'"./][^'"]*)['"]/gm)].map((m) => m[1]);

describe('/vendor/', () => {
  it('the import map names exactly the allow-listed packages, each served; their imports stay inside the map', async () => {
    expect(Object.keys(importMap.imports).sort()).toEqual([...VENDOR_PACKAGES].sort());
    let bytes = 0;
    for (const [pkg, url] of Object.entries(importMap.imports)) {
      expect(url.startsWith(`/vendor/${pkg}/`)).toBe(true);
      const r = await fetch(`${base}${url}`, { headers: { 'accept-encoding': 'identity' } });
      expect([pkg, r.status, r.headers.get('content-type')]).toEqual([pkg, 200, 'text/javascript; charset=utf-8']);
      const src = await r.text();
      bytes += src.length;
      expect(/import\s*\(/.test(src)).toBe(false);
      for (const spec of bareImports(src)) expect([pkg, spec, spec in importMap.imports]).toEqual([pkg, spec, true]);
    }
    expect(bytes).toBeGreaterThan(100_000);
  });

  it('sends gzip to a browser that accepts it, 304 on a matching ETag', async () => {
    const url = `${base}${importMap.imports['@codemirror/state']}`;
    const plain = Buffer.from(await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    const { request } = await import('node:http');
    const gz = await new Promise<{ enc?: string; etag?: string; body: Buffer }>((resolve, reject) => {
      request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ enc: res.headers['content-encoding'], etag: res.headers.etag, body: Buffer.concat(chunks) }));
      }).on('error', reject).end();
    });
    expect(gz.enc).toBe('gzip');
    expect(gz.body.length).toBeLessThan(plain.length / 2);
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    expect((await fetch(url, { headers: { 'if-none-match': gz.etag! } })).status).toBe(304);
  });

  it('refuses other packages, other file types and paths that climb out', async () => {
    for (const p of ['yaml/browser/dist/index.js', 'zod/index.js', '@codemirror/state/package.json', '@codemirror/state/../../zod/index.js', '@codemirror/state/dist/%2e%2e/%2e%2e/%2e%2e/zod/index.js', '@codemirror/state/dist//index.js', '@codemirror/state/dist/nope.js', '@codemirror/state']) {
      const r = await fetch(`${base}/vendor/${p}`);
      expect([p, r.status]).toEqual([p, 404]);
    }
    expect(splitVendorPath('@codemirror/state/dist/index.js')).toEqual({ pkg: '@codemirror/state', file: 'dist/index.js' });
    expect(splitVendorPath('@codemirror/state/dist/../../x.js')).toBeUndefined();
  });
});
