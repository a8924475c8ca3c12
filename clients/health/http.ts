/**
 * The HTTP services' probes (`ctlab health`): one GET of a JSON document each service serves,
 * over the transport the ready file lists (http or https).
 *
 *   admin             GET /ctlab-health                                -> 404 JSON error (NOT_FOUND)
 *   entra, entra-http GET /ctlab-health/.well-known/openid-configuration -> 400 Entra error JSON
 *                                                                          (no such tenant)
 * The paths carry HEALTH_PROBE_NAME so `ctlab up` leaves the probes out of its readable lines, as
 * the other probes do; the answer is the service's own error document, which proves the service
 * (not just its port) is serving.
 *
 * HTTPS is checked without verifying the certificate: this is a liveness probe of a loopback
 * listener, and the lab CA's trust is what `ctlab ca` and the Entra interop tests check.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { HEALTH_PROBE_NAME } from './marker.ts';
import type { Target } from './wire.ts';

const ENTRA = { path: `/${HEALTH_PROBE_NAME}/.well-known/openid-configuration`, statuses: [400] };
const PATHS: ReadonlyMap<string, { path: string; statuses: readonly number[] }> = new Map([
  ['admin', { path: `/${HEALTH_PROBE_NAME}`, statuses: [404] }],
  ['entra', ENTRA],
  ['entra-http', ENTRA],
]);

export function hasHttpProbe(service: string): boolean {
  return PATHS.has(service);
}

/** GETs the service's document; resolves with "HTTP 200 JSON" or rejects saying what was wrong. */
export function httpProbe(service: string, protocol: 'http' | 'https', target: Target, timeoutMs: number): Promise<string> {
  const want = PATHS.get(service)!;
  const send = protocol === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      { host: target.host, port: target.port, path: want.path, method: 'GET', timeout: timeoutMs, rejectUnauthorized: false, headers: { accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (!want.statuses.includes(status)) return reject(new Error(`GET ${want.path} answered HTTP ${status}`));
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return reject(new Error(`GET ${want.path} answered HTTP ${status} without a JSON body`));
          }
          const error = (body as { error?: unknown } | null)?.error;
          const code = typeof error === 'string' ? error : typeof error === 'object' && error ? String((error as { code?: unknown }).code) : undefined;
          if (code === undefined) return reject(new Error(`GET ${want.path} answered HTTP ${status} without the service's error document`));
          resolve(`HTTP ${status} ${code}`);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to GET ${want.path} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
