/**
 * The Node 22 binary scripts/install-node22.sh puts in .cache/node22 (`make test` runs it): the
 * lab must run on Node 22 as well as 20, and Node 22's DNS parser is stricter than 20's. It is
 * not an npm dependency, so `npx` and `npm run` keep using the system's Node.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NODE22_DIR = join(import.meta.dirname, '../../.cache/node22');

export function node22Binary(): string {
  const path = join(NODE22_DIR, 'bin', 'node');
  if (!existsSync(path)) throw new Error(`Node 22 is not installed at ${path}: run scripts/install-node22.sh (make test does)`);
  return path;
}
