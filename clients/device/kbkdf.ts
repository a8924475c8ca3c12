/**
 * The key a PRT session derives for a context (PROTOCOL.md section 1; roadlib
 * `calculate_derived_key`): NIST SP 800-108 counter mode with HMAC-SHA256, the 32-bit counter
 * first, fixed data = label || 0x00 || context || [256]_32, label "AzureAD-SecureConversation".
 * Written here from the public description (not shared with the endpoint) so the device checks
 * the endpoint instead of agreeing with it by construction. Pure.
 */
import { createHmac } from 'node:crypto';

export const SECURE_CONVERSATION = 'AzureAD-SecureConversation';

export function deriveSessionKey(sessionKey: Uint8Array, context: Uint8Array): Uint8Array {
  const counter = Buffer.from([0, 0, 0, 1]);
  const bits = Buffer.from([0, 0, 1, 0]);
  const fixed = Buffer.concat([Buffer.from(SECURE_CONVERSATION, 'latin1'), Buffer.from([0]), context, bits]);
  return new Uint8Array(createHmac('sha256', sessionKey).update(counter).update(fixed).digest());
}
