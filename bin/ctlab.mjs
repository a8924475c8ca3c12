#!/usr/bin/env node
// The ctlab command. The sources are TypeScript with erasable syntax only, which Node 22.18+,
// 24 and 26 run as they are (type stripping): no transpiler at run time.
const [major, minor] = process.versions.node.split('.').map(Number);
if (!(major > 22 || (major === 22 && minor >= 18))) {
  process.stderr.write(
    `ctlab: Node ${process.versions.node} cannot run TypeScript sources; use Node 22.18+, 24 or 26 (make lab installs one into .cache/)\n`,
  );
  process.exit(2);
}
// V8's code cache for the sources (and, on Node 24+, their type-stripped form) in the OS temp
// directory: a warm start compiles nothing. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../clients/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
