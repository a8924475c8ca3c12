// A cache of the project's TypeScript sources with their types stripped. Node strips the types of
// every .ts module it loads on every start (amaro, a WebAssembly build of swc, itself loaded first),
// and its compile cache keeps only the compiled code: on Node 22 that is ~0.35 s of `ctlab up`.
// With this load hook a source whose bytes were stripped before is read back as JavaScript; the
// key is a SHA-256 of the Node version and the source's bytes, so an edited file simply misses.
// Same stripping as Node's own (module.stripTypeScriptTypes, mode 'strip': types become spaces,
// so line and column numbers stay). A directory that cannot be written only costs the stripping;
// one that is not this user's alone is not used (what is read from it runs).
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as mod from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Installs the hook (Node 22.15+ has module.registerHooks); false when this Node cannot. */
export function enableStripCache(dir) {
  const { registerHooks, stripTypeScriptTypes } = mod;
  if (typeof registerHooks !== 'function' || typeof stripTypeScriptTypes !== 'function') return false;
  let writable = true;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    writable = false;
  }
  // What is read back is run: only from a real directory of this user that nobody else can write.
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) return false;
  } catch {
    return false;
  }
  const strip = (source) => {
    // stripTypeScriptTypes warns once that it is experimental; Node's own loader uses the same code.
    const emit = process.emitWarning;
    process.emitWarning = (w, ...rest) => (String(w?.message ?? w).includes('stripTypeScriptTypes') ? undefined : emit.call(process, w, ...rest));
    try {
      return stripTypeScriptTypes(source, { mode: 'strip' });
    } finally {
      process.emitWarning = emit;
    }
  };
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) return nextLoad(url, context);
      let source;
      try {
        source = readFileSync(fileURLToPath(url));
      } catch {
        return nextLoad(url, context);
      }
      const key = createHash('sha256').update(process.version).update('\0').update(source).digest('hex');
      const file = join(dir, `${key}.js`);
      try {
        return { format: 'module', source: readFileSync(file, 'utf8'), shortCircuit: true };
      } catch {
        // not cached yet
      }
      const loaded = nextLoad(url, context);
      if (loaded.format !== 'module-typescript') return loaded;
      const js = strip(Buffer.from(loaded.source).toString('utf8'));
      if (writable) {
        try {
          const tmp = `${file}.${process.pid}.tmp`;
          writeFileSync(tmp, js, { mode: 0o600 });
          renameSync(tmp, file);
        } catch {
          writable = false;
        }
      }
      return { format: 'module', source: js, shortCircuit: true };
    },
  });
  return true;
}
