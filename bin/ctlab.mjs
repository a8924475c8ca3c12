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
const { main } = await import('../clients/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
