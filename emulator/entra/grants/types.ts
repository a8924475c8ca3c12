/** The shape every grant of the token endpoint has (a registry keyed by the wire grant_type). */
import type { EntraContext } from '../context.ts';
import { oauthError } from '../errors.ts';

export interface TokenRequest {
  /** The form fields, each a single string (a repeated field is refused before this). */
  readonly form: Readonly<Record<string, string>>;
  /** /oauth2/v2.0/token (scope) rather than /oauth2/token (resource). */
  readonly v2: boolean;
  readonly tenantSegment: string;
}

export interface GrantResult {
  readonly body: Record<string, unknown>;
  /** The trace step ('token', 'prt', 'srv_challenge'). */
  readonly step: string;
  readonly fact: string;
  readonly detail?: Record<string, unknown>;
}

export type Grant = (ctx: EntraContext, req: TokenRequest) => Promise<GrantResult>;

export function param(req: TokenRequest, name: string): string {
  const v = req.form[name];
  if (v === undefined || v === '') throw oauthError('AADSTS900144', `the form has no '${name}'`, [name]);
  return v;
}
