#!/usr/bin/env node
// The ctlab command. The sources are TypeScript with erasable syntax only, which Node 22.18+,
// 24 and 26 run as they are (type stripping): no transpiler at run time.
const [major, minor] = process.versions.node.split('.').map(Number);
if (!(major > 22 || (major === 22 && minor >= 18))) {
  // An older system Node (Debian 12 carries 20): hand over to the pinned Node that `make lab` and
  // `make test` install beside the project, so `npx ctlab ...` works in the shell they ran from.
  const { existsSync } = await import('node:fs');
  const { spawnSync } = await import('node:child_process');
  const pinned = new URL('../.cache/node-26/bin/node', import.meta.url).pathname;
  if (existsSync(pinned)) {
    const r = spawnSync(pinned, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  process.stderr.write(
    `ctlab: Node ${process.versions.node} cannot run TypeScript sources; use Node 22.18+, 24 or 26 (make lab installs one into .cache/)\n`,
  );
  process.exit(2);
}
// Node's compile cache (NODE_COMPILE_CACHE, else the OS temp directory; NODE_DISABLE_COMPILE_CACHE=1
// turns it off) keeps the compiled code of the stripped sources between runs: `ctlab validate` drops
// from ~0.3 s to ~0.12 s (Node 26) and ~0.18 s (Node 22). A directory it cannot write is skipped.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// The sources with their types stripped, kept in .cache/ts-strip beside the pinned Node
// (bin/strip-cache.mjs; CTLAB_STRIP_CACHE=0 turns it off). Node 22 strips every module on every
// start (validate: 0.31 s -> 0.12 s of CPU with the cache); Node 26 does not gain from it.
if (major < 26 && process.env.CTLAB_STRIP_CACHE !== '0') {
  const { enableStripCache } = await import('./strip-cache.mjs');
  enableStripCache(new URL('../.cache/ts-strip', import.meta.url).pathname);
}
const { main } = await import('../clients/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
