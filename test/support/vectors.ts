/**
 * Test vectors are JSON data under test/vectors/<source>/ (see test/vectors/README.md): this reads
 * one by its path from the repository root, wherever the test that asks for it lives.
 */
import { readFileSync } from 'node:fs';

const REPO_ROOT = new URL('../../', import.meta.url);

/** The parsed JSON file at `pathFromRepo`, e.g. 'test/vectors/ms-pac/samba-saved-pac-rc4.json'. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadVectorFile<T = any>(pathFromRepo: string): T {
  return JSON.parse(readFileSync(new URL(pathFromRepo, REPO_ROOT), 'utf8')) as T;
}
