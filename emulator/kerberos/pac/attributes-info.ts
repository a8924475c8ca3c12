import { LeReader } from './ndr/reader.ts';
import { LeWriter } from './ndr/writer.ts';

/**
 * MS-PAC 2.14 PAC_ATTRIBUTES_INFO (buffer type 0x11): FlagsLength counts flag bits (not words),
 * Flags holds ceil(FlagsLength/32) DWORDs (PAC_WAS_REQUESTED 0x1, PAC_WAS_GIVEN_IMPLICITLY 0x2).
 */
export interface PacAttributesInfo {
  flagsLength: number;
  flags: number[];
}

export function encodeAttributesInfo(v: PacAttributesInfo): Uint8Array {
  const words = Math.ceil(v.flagsLength / 32);
  if (v.flags.length !== words) throw new RangeError(`FlagsLength ${v.flagsLength} needs ${words} flag words`);
  const w = new LeWriter(4 + 4 * words); // exact size
  w.u32(v.flagsLength); // FlagsLength
  for (const f of v.flags) w.u32(f); // Flags
  return w.finish();
}

export function decodeAttributesInfo(bytes: Uint8Array): PacAttributesInfo {
  const r = new LeReader(bytes, 'PAC_ATTRIBUTES_INFO');
  const flagsLength = r.u32();
  const words = Math.ceil(flagsLength / 32);
  if (words * 4 > r.remaining) r.fail(`FlagsLength ${flagsLength} needs ${words} words`, 0);
  const flags: number[] = [];
  for (let i = 0; i < words; i++) flags.push(r.u32());
  return { flagsLength, flags };
}
