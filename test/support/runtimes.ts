/**
 * The oldest supported Node line (22), which scripts/install-node.sh puts in .cache/node-22 and
 * `make test` installs: the unit, vector and fuzz suites run again on it, and interop tests use
 * it as a client (Node 22's c-ares resolver is strict about SRV targets). It is not an npm
 * dependency, so `npx` and `npm run` keep using the primary runtime.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const OLDEST_NODE_DIR = join(import.meta.dirname, '../../.cache/node-22');

export function oldestNodeBinary(): string {
  const path = join(OLDEST_NODE_DIR, 'bin', 'node');
  if (!existsSync(path)) throw new Error(`Node 22 is not installed at ${path}: run scripts/install-node.sh 22 (make test does)`);
  return path;
}
