/**
 * The key Entra derives from the PRT session key for `clientKey` and signed requests (PROTOCOL.md
 * section 1, roadlib `calculate_derived_key`): NIST SP 800-108 KDF in counter mode with
 * HMAC-SHA256, a 32-bit counter before the fixed data, fixed data = label || 0x00 || context ||
 * [L]_32 with label `AzureAD-SecureConversation` and L = 256. One block gives the 32-byte key.
 * This is "KDF v1"; clients use it for clientKey even when their request says kdf_ver 2. Pure.
 */
import { createHmac } from 'node:crypto';

export const SECURE_CONVERSATION_LABEL = 'AzureAD-SecureConversation';

export function kbkdfHmacSha256(key: Uint8Array, label: string, context: Uint8Array, lengthBytes = 32): Uint8Array {
  const l = Buffer.alloc(4);
  l.writeUInt32BE(lengthBytes * 8);
  const fixed = Buffer.concat([Buffer.from(label, 'latin1'), Buffer.from([0]), context, l]);
  const blocks: Buffer[] = [];
  for (let i = 1; blocks.length * 32 < lengthBytes; i++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(i);
    blocks.push(createHmac('sha256', key).update(counter).update(fixed).digest());
  }
  return new Uint8Array(Buffer.concat(blocks).subarray(0, lengthBytes));
}

/** The clientKey / signing key of a PRT session for one context. */
export const sessionDerivedKey = (sessionKey: Uint8Array, context: Uint8Array) => kbkdfHmacSha256(sessionKey, SECURE_CONVERSATION_LABEL, context);
