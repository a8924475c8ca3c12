/**
 * What the token endpoint hands the training page's decoded view for one request (trace/capture.ts):
 * the method, path, HTTP status, the request's form or JSON fields and the response body. Passwords
 * never enter it: a password field is replaced here, and a JWT among the request fields (the PRT
 * request, whose claims may hold the password) is kept as its decoded header and claims with the
 * password claim replaced, never as the signed string. Other secrets (refresh tokens, the PRT,
 * session_key_jwe) are kept; the decoded view masks them unless the lab shows secrets.
 */
import type { Capture } from '../trace/capture.ts';

/** What a password becomes at capture time. */
export const PASSWORD_MASK = '(password: not captured)';
const PASSWORD_FIELD = /^(password|passwd|new_?password|old_?password|client_secret)$/i;
const JWS = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
/** Longest string kept (a CSR or a certificate fits; anything longer is cut and says so). */
const MAX_STRING = 16_384;

function part(s: string): unknown {
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A compact JWS as {header, claims} with passwords replaced, or undefined when it is not one. */
export function capturedJwt(s: string): { header: unknown; claims: unknown } | undefined {
  if (!JWS.test(s)) return undefined;
  const [h, p] = s.split('.');
  const header = part(h);
  const claims = part(p);
  if (header === undefined || claims === undefined) return undefined;
  return { header: scrub(header), claims: scrub(claims) };
}

/** A value with every password field replaced and every JWT decoded (recursively). */
function scrub(v: unknown, depth = 0): unknown {
  if (depth > 8) return '(nested too deep)';
  if (typeof v === 'string') {
    const jwt = v.length > 20 ? capturedJwt(v) : undefined;
    if (jwt) return { jwt };
    return v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}… (${v.length} characters, cut)` : v;
  }
  if (Array.isArray(v)) return v.slice(0, 64).map((x) => scrub(x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = PASSWORD_FIELD.test(k) ? PASSWORD_MASK : scrub(x, depth + 1);
    return out;
  }
  return v;
}

/** The capture for one token endpoint request. */
export function entraCapture(req: { method: string; path: string; body?: unknown }, status: number, response: unknown): Capture {
  return { kind: 'entra', method: req.method, path: req.path, status, request: scrub(req.body ?? {}), response: scrubResponse(response) };
}

/** The response body: passwords replaced (none is expected), strings kept whole (tokens are decoded later). */
function scrubResponse(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = PASSWORD_FIELD.test(k) ? PASSWORD_MASK : x;
  return out;
}
