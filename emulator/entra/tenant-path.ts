/**
 * Resolving the `{tenant}` of a path as Entra does: the tenant id, any verified domain of the
 * tenant, the initial `*.onmicrosoft.com` domain, `common` and `organizations`. Anything else is
 * AADSTS90002 (tenant not found).
 */
import type { Tenant } from '../tenant/model.ts';
import { oauthError } from './errors.ts';

export type TenantSegment = 'id' | 'domain' | 'common' | 'organizations';

export function resolveTenantSegment(tenant: Tenant, segment: string): TenantSegment {
  const s = segment.toLowerCase();
  if (s === 'common') return 'common';
  if (s === 'organizations') return 'organizations';
  if (s === tenant.id.toLowerCase()) return 'id';
  const d = tenant.domain(s);
  if (d && d.isVerified) return 'domain';
  throw oauthError('AADSTS90002', `'${segment}' is neither the tenant id ${tenant.id}, a verified domain of the tenant, common nor organizations`, [segment]);
}
