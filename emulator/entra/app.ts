/**
 * The token endpoint's routes (express 5), every one answering JSON:
 *   GET    /{tenant}/.well-known/openid-configuration, /{tenant}/v2.0/.well-known/openid-configuration
 *   GET    /common/discovery/keys, /{tenant}/discovery/keys, /{tenant}/discovery/v2.0/keys     (JWKS)
 *   GET    /common/UserRealm/{upn}?api-version=1.0|2.0
 *   GET    /{domain}/EnrollmentServer/contract?api-version=..., /{domain}/Discover   (DRS discovery, MS-DVRD)
 *   GET    /EnrollmentServer/nonce/{tenant}/?api-version=1.0   (DRS nonce: {"Value": ...})
 *   POST   /{tenant}/oauth2/token, /{tenant}/oauth2/v2.0/token   (grants: grants/index.ts)
 *   POST   /EnrollmentServer/device/, /EnrollmentServer/key/
 *   DELETE /EnrollmentServer/device/{deviceId}
 * A refusal is Entra's error JSON (errors.ts), also for malformed bodies, oversized bodies (more
 * than config.maxBodyBytes), unknown paths and anything unexpected: never a stack trace. Each
 * request yields one trace event (TraceEnvelope, service 'entra').
 */
import type { TLSSocket } from 'node:tls';
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUuid } from '../core/random.ts';
import type { EntraContext } from './context.ts';
import { drsContract, openidConfiguration, userRealm } from './discovery.ts';
import { drsCaller } from './drs/bearer.ts';
import { deleteDevice, registerDevice } from './drs/device.ts';
import { registerHelloKey } from './drs/key.ts';
import { AADSTS, errorBody, OAuthError, oauthError } from './errors.ts';
import { GRANTS, type TokenRequest } from './grants/index.ts';
import { issueNonce } from './grants/nonce.ts';
import { resolveTenantSegment } from './tenant-path.ts';
import { withCapture } from '../trace/capture.ts';
import { entraCapture } from './capture.ts';

interface Outcome {
  readonly status?: number;
  readonly body: unknown;
  readonly step: string;
  readonly fact: string;
  readonly detail?: Record<string, unknown>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'login.microsoftonline.com'}`;
}

/** The form as single strings: a repeated field is a malformed request. */
function formOf(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v !== 'string') throw oauthError('AADSTS9002313', `the form field '${k}' is repeated or not a string`, [`the form field '${k}' is not a single value`]);
    out[k] = v;
  }
  return out;
}

function stepOfPath(path: string): string {
  if (/enrollmentserver\/key/i.test(path)) return 'key';
  if (/enrollmentserver\/device/i.test(path)) return 'register';
  if (/userrealm/i.test(path)) return 'userrealm';
  if (/oauth2/i.test(path)) return 'token';
  return 'discovery';
}

export function createEntraApp(ctx: EntraContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const limit = ctx.config.maxBodyBytes;
  // Forms also without a Content-Type: libhimmelblau posts `grant_type=srv_challenge` bare.
  app.use(express.urlencoded({ extended: false, limit, parameterLimit: 200, type: (req) => !req.headers['content-type'] || /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type']) }));
  app.use(express.json({ limit, strict: false, type: ['application/json', 'application/*+json'] }));

  const ids = (req: Request) => {
    const asked = req.get('client-request-id');
    return { traceId: randomUuid(ctx.rng), correlationId: asked && GUID.test(asked) ? asked.toLowerCase() : randomUuid(ctx.rng) };
  };

  const fail = (req: Request, res: Response, err: unknown, step: string) => {
    const e = err instanceof OAuthError ? err : oauthError('AADSTS90100', `unexpected ${(err as Error)?.name ?? 'error'}: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
    const { traceId, correlationId } = ids(req);
    const status = e.httpStatus;
    const body = errorBody(e, ctx.clock.now(), traceId, correlationId);
    if (!res.headersSent) res.status(status).set('Cache-Control', 'no-store').json(body);
    ctx.trace(withCapture({ step, verdict: 'error', code: e.code, wire: e.wire, fact: e.fact, detail: { httpStatus: status, method: req.method, path: req.path, error: AADSTS[e.code].error, traceId, ...e.detail } }, () => entraCapture(req, status, body)));
  };

  const route =
    (step: string, handler: (req: Request) => Promise<Outcome>) =>
    async (req: Request, res: Response): Promise<void> => {
      let out: Outcome;
      try {
        out = await handler(req);
      } catch (err) {
        fail(req, res, err, step);
        return;
      }
      res.status(out.status ?? 200).set('Cache-Control', 'no-store').json(out.body);
      ctx.trace(withCapture({ step: out.step, verdict: 'ok', fact: out.fact, detail: { httpStatus: out.status ?? 200, method: req.method, path: req.path, ...out.detail } }, () => entraCapture(req, out.status ?? 200, out.body)));
    };

  const oidc = (v2: boolean) =>
    route('discovery', async (req) => {
      const segment = String(req.params.tenant);
      resolveTenantSegment(ctx.tenant, segment);
      return { body: openidConfiguration(ctx.tenant, segment, baseUrl(req), v2), step: 'discovery', fact: `openid-configuration ${v2 ? 'v2.0' : 'v1'} for ${segment}` };
    });
  app.get('/:tenant/.well-known/openid-configuration', oidc(false));
  app.get('/:tenant/v2.0/.well-known/openid-configuration', oidc(true));
  const jwks = route('discovery', async (req) => {
    resolveTenantSegment(ctx.tenant, String(req.params.tenant));
    return { body: ctx.signer.jwks(), step: 'discovery', fact: `JWKS, key ${ctx.signer.kid}` };
  });
  app.get('/:tenant/discovery/keys', jwks);
  app.get('/:tenant/discovery/v2.0/keys', jwks);

  app.get(
    '/common/UserRealm/:upn',
    route('userrealm', async (req) => {
      const upn = String(req.params.upn);
      const version = typeof req.query['api-version'] === 'string' ? req.query['api-version'] : '1.0';
      const body = userRealm(ctx.tenant, upn, version);
      return { body, step: 'userrealm', fact: `${upn}: ${String(body.account_type ?? body.NameSpaceType)}`, detail: { upn } };
    }),
  );

  const contract = route('discovery', async (req) => {
    const segment = String(req.params.tenant);
    resolveTenantSegment(ctx.tenant, segment);
    const version = typeof req.query['api-version'] === 'string' ? req.query['api-version'] : '1.0';
    return { body: drsContract(ctx.tenant, baseUrl(req), version), step: 'discovery', fact: `DRS discovery for ${segment}` };
  });
  app.get('/:tenant/EnrollmentServer/contract', contract);
  app.get('/:tenant/Discover', contract);
  app.get(
    '/EnrollmentServer/nonce/:tenant',
    route('srv_challenge', async (req) => {
      resolveTenantSegment(ctx.tenant, String(req.params.tenant));
      return { body: { Value: issueNonce(ctx) }, step: 'srv_challenge', fact: `DRS nonce issued, valid ${ctx.config.nonceLifetimeMs / 1000} s, single use` };
    }),
  );

  const token = (v2: boolean) =>
    route('token', async (req) => {
      const segment = String(req.params.tenant);
      resolveTenantSegment(ctx.tenant, segment);
      const form = formOf(req.body);
      const type = form.grant_type;
      if (!type) throw oauthError('AADSTS900144', "the form has no 'grant_type'", ['grant_type']);
      const grant = Object.hasOwn(GRANTS, type) ? GRANTS[type] : undefined;
      if (!grant) throw oauthError('AADSTS70003', `grant_type '${type.slice(0, 100)}' is not one the lab serves`, [type.slice(0, 100)]);
      const treq: TokenRequest = { form, v2, tenantSegment: segment };
      const r = await grant(ctx, treq);
      return { body: r.body, step: r.step, fact: r.fact, ...(r.detail ? { detail: r.detail } : {}) };
    });
  app.post('/:tenant/oauth2/token', token(false));
  app.post('/:tenant/oauth2/v2.0/token', token(true));

  app.post(
    '/EnrollmentServer/device',
    route('register', async (req) => {
      const caller = await drsCaller(ctx, req.get('authorization'));
      const { reply, device } = await registerDevice(ctx, caller, req.body);
      return { body: reply, step: 'register', fact: `device ${device.deviceId} (${device.displayName}, ${device.trustType}) registered by ${caller.user.userPrincipalName}`, detail: { deviceId: device.deviceId, upn: caller.user.userPrincipalName } };
    }),
  );
  app.delete(
    '/EnrollmentServer/device/:deviceId',
    route('register', async (req) => {
      const peer = (req.socket as Partial<TLSSocket>).getPeerCertificate?.();
      const clientCertificate = peer && peer.raw ? new Uint8Array(peer.raw) : undefined;
      const caller = req.get('authorization') ? await drsCaller(ctx, req.get('authorization')) : undefined;
      const d = deleteDevice(ctx, String(req.params.deviceId), { ...(clientCertificate ? { clientCertificate } : {}), ...(caller ? { caller } : {}) });
      return { body: {}, step: 'register', fact: `device ${d.deviceId} (${d.displayName}) deleted`, detail: { deviceId: d.deviceId } };
    }),
  );
  app.post(
    '/EnrollmentServer/key',
    route('key', async (req) => {
      const caller = await drsCaller(ctx, req.get('authorization'));
      const { reply, kid } = registerHelloKey(ctx, caller, req.body);
      return { body: reply, step: 'key', fact: `Windows Hello key ${kid} registered for ${caller.user.userPrincipalName}`, detail: { kid, upn: caller.user.userPrincipalName } };
    }),
  );

  app.use((req: Request, res: Response) => fail(req, res, oauthError('AADSTS90012', `no route for ${req.method} ${req.path.slice(0, 200)}`, [req.path.slice(0, 200)]), stepOfPath(req.path)));
  // Body-parser refusals (bad JSON, bad form, oversized body) and anything unexpected.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const type = (err as { type?: string })?.type;
    const why =
      type === 'entity.too.large'
        ? `the body is larger than ${limit} bytes`
        : type === 'entity.parse.failed'
          ? 'the body is not valid JSON'
          : type
            ? `the body cannot be read (${type})`
            : undefined;
    fail(req, res, why ? oauthError('AADSTS9002313', why, [why]) : err, stepOfPath(req.path));
  });
  return app;
}
