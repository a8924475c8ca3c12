/**
 * Thin file helpers around the pure codecs: the only place in files/ that touches the disk.
 * Files are written with mode 0600, as MIT writes keytabs and ccaches (they hold keys).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeCcache, encodeCcache } from './ccache.ts';
import { decodeKeytab, encodeKeytab } from './keytab.ts';
import type { Ccache, KeytabEntry } from './types.ts';

export function readKeytabFile(path: string): KeytabEntry[] {
  return decodeKeytab(new Uint8Array(readFileSync(path)));
}

export function writeKeytabFile(path: string, entries: readonly KeytabEntry[]): void {
  writeFileSync(path, encodeKeytab(entries), { mode: 0o600 });
}

export function readCcacheFile(path: string): Ccache {
  return decodeCcache(new Uint8Array(readFileSync(path)));
}

export function writeCcacheFile(path: string, cc: Ccache): void {
  writeFileSync(path, encodeCcache(cc), { mode: 0o600 });
}
