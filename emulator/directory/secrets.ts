/** Scenario secrets to the model's Secrets (hex keys to bytes with their etypes). */
import type { ResolvedSecret } from '../scenario/defaults.ts';
import type { ExplicitKey, KeyMaterial, Secrets } from './model.ts';

/** RFC 3961/3962/4757 etype numbers of the explicit key names a scenario may use. */
export const KEY_ETYPES = { aes256: 18, aes128: 17, rc4: 23 } as const;

export function explicitKeys(keys: ResolvedSecret['keys']): ExplicitKey[] | undefined {
  if (!keys) return undefined;
  const out: ExplicitKey[] = [];
  for (const [name, etype] of Object.entries(KEY_ETYPES)) {
    const hexKey = keys[name as keyof typeof KEY_ETYPES];
    if (hexKey) out.push(Object.freeze({ etype, key: new Uint8Array(Buffer.from(hexKey, 'hex')) }));
  }
  return out.length ? out : undefined;
}

/** Current generation from the secret; the previous one (kvno - 1) only when the file names it. */
export function toSecrets(s: ResolvedSecret): Secrets {
  const keys = explicitKeys(s.keys);
  const current: KeyMaterial = {
    kvno: s.keyVersion,
    password: s.password,
    ...(keys ? { keys: Object.freeze(keys) } : {}),
    ...(s.salt !== undefined ? { salt: s.salt } : {}),
  };
  const previous: KeyMaterial | undefined =
    s.previousPassword !== undefined
      ? { kvno: Math.max(0, s.keyVersion - 1), password: s.previousPassword, ...(s.salt !== undefined ? { salt: s.salt } : {}) }
      : undefined;
  return Object.freeze({ current: Object.freeze(current), ...(previous ? { previous: Object.freeze(previous) } : {}) });
}
