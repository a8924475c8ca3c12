/**
 * The device's HTTP calls to the token endpoint: form posts (RFC 6749 token requests) and JSON
 * posts (the Device Registration Service), over HTTPS verified against the lab's CA (`ctlab ca`)
 * or plain HTTP. Every answer comes back as status + JSON; a transport failure throws ClientError.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ClientError, socketErrorCode } from '../errors.ts';

export interface HttpTarget {
  /** https://127.0.0.1:10443 or http://127.0.0.1:10080 */
  readonly base: string;
  readonly caPem?: string;
  readonly timeoutMs?: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function post(t: HttpTarget, path: string, headers: Record<string, string>, payload: string): Promise<HttpAnswer> {
  const url = new URL(path, t.base);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const peer = url.host;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)), 'user-agent': 'Dsreg/10.0 (Windows 10.0.19041.928)' },
        timeout: t.timeoutMs ?? 10_000,
        ...(url.protocol === 'https:' && t.caPem ? { ca: t.caPem } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            reject(new ClientError('entra', 'UNEXPECTED_REPLY', `${path}: HTTP ${res.statusCode} with a body that is not JSON`, { peer }));
            return;
          }
          if (!body || typeof body !== 'object' || Array.isArray(body)) {
            reject(new ClientError('entra', 'UNEXPECTED_REPLY', `${path}: HTTP ${res.statusCode} with JSON that is not an object`, { peer }));
            return;
          }
          resolve({ status: res.statusCode ?? 0, body: body as Record<string, unknown> });
        });
      },
    );
    req.on('timeout', () => req.destroy(new ClientError('entra', 'TIMEOUT', `${path}: no answer within ${t.timeoutMs ?? 10_000} ms`, { peer })));
    req.on('error', (e: NodeJS.ErrnoException) => reject(e instanceof ClientError ? e : new ClientError('entra', socketErrorCode(e), `${path}: ${e.code ?? e.message}`, { peer, cause: e })));
    req.end(payload);
  });
}

export const postForm = (t: HttpTarget, path: string, form: Record<string, string>): Promise<HttpAnswer> =>
  post(t, path, { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(form).toString());

export const postJson = (t: HttpTarget, path: string, json: unknown, bearer?: string): Promise<HttpAnswer> =>
  post(t, path, { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, JSON.stringify(json));

/** The AADSTS code of an OAuth error answer (`error_codes[0]`, else the description's prefix). */
export function aadstsOf(body: Record<string, unknown>): { code: string; wire: number; description: string } | undefined {
  const codes = body.error_codes;
  const description = typeof body.error_description === 'string' ? body.error_description : String(body.error ?? '');
  const first = Array.isArray(codes) && typeof codes[0] === 'number' ? codes[0] : Number(/^AADSTS(\d+)/.exec(description)?.[1] ?? NaN);
  if (!Number.isFinite(first)) return undefined;
  return { code: `AADSTS${first}`, wire: first, description: description.split(/\r?\n| Trace ID: /)[0].trim() };
}
