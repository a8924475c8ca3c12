/**
 * OAuth errors as Entra ID writes them: HTTP 400 (401 for bearer failures) with JSON `error`,
 * `error_description` beginning `AADSTSnnnnn: `, `error_codes`, `timestamp`, `trace_id`,
 * `correlation_id` (and `error_uri`). One catalogue keyed by the AADSTS name (Azurite-style: every
 * wire error in one place, with the wording Entra uses, from Microsoft's AADSTS reference
 * learn.microsoft.com/entra/identity-platform/reference-error-codes). Codes marked [I] are the
 * lab's choice where the public reference does not say which code Entra uses for the case.
 */
export interface AadstsEntry {
  readonly error: 'invalid_request' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_client' | 'server_error';
  readonly status: number;
  /** The description after `AADSTSnnnnn: `; {0}.. are filled from the arguments. */
  readonly text: string;
}

export const AADSTS = {
  /** Wrong password (InvalidUserNameOrPassword). */
  AADSTS50126: { error: 'invalid_grant', status: 400, text: 'Error validating credentials due to invalid username or password.' },
  /** Unknown user (UserAccountNotFound). */
  AADSTS50034: { error: 'invalid_grant', status: 400, text: "The user account {0} does not exist in the {1} directory. To sign into this application, the account must be added to the directory." },
  /** Disabled account (UserDisabled). */
  AADSTS50057: { error: 'invalid_grant', status: 400, text: 'The user account is disabled.' },
  /** No password in the directory for the user (cloud-only user without one). */
  AADSTS50056: { error: 'invalid_grant', status: 400, text: "Invalid or null password: password doesn't exist in the directory for this user." },
  /** A JWT without a valid nonce: unknown, expired or already used request_nonce [I]. */
  AADSTS50027: { error: 'invalid_grant', status: 400, text: 'JWT token is invalid or malformed: {0}' },
  /** Bad signature on the request JWT or the Hello assertion (InvalidSignature). */
  AADSTS50006: { error: 'invalid_grant', status: 400, text: 'Signature verification failed because of an invalid signature: {0}' },
  /** An assertion that is invalid otherwise: expired, wrong issuer, key of another user (InvalidAssertion). */
  AADSTS50013: { error: 'invalid_grant', status: 400, text: 'Assertion failed signature validation or is invalid: {0}' },
  /** The device of the request is not registered (DeviceNotFound). */
  AADSTS700003: { error: 'invalid_grant', status: 400, text: "Device object was not found in the tenant '{0}' directory." },
  /** The device certificate is not the registered one (DeviceAuthenticationFailed). */
  AADSTS50155: { error: 'invalid_grant', status: 400, text: 'Device authentication failed for this user: {0}' },
  /** The device is disabled (DeviceDisabled). */
  AADSTS135011: { error: 'invalid_grant', status: 400, text: 'Device used during the authentication is disabled.' },
  /** The Hello key (kid) is not registered (KeyNotFound). */
  AADSTS135010: { error: 'invalid_grant', status: 400, text: "Key not found: no Windows Hello for Business key '{0}' is registered." },
  /** A refresh token or PRT the tenant does not know or that expired [I for the unknown case]. */
  AADSTS70000: { error: 'invalid_grant', status: 400, text: 'Provided grant is invalid or malformed: {0}' },
  /** A missing parameter. */
  AADSTS900144: { error: 'invalid_request', status: 400, text: "The request body must contain the following parameter: '{0}'." },
  /** A malformed request: bad form, bad JSON, bad JWT, oversized body. */
  AADSTS9002313: { error: 'invalid_request', status: 400, text: 'Invalid request. Request is malformed or invalid: {0}' },
  /** Unknown grant type (UnsupportedGrantType). */
  AADSTS70003: { error: 'unsupported_grant_type', status: 400, text: "The app requested an unsupported grant type '{0}'." },
  /** Unknown tenant in the path (InvalidTenantName). */
  AADSTS90002: { error: 'invalid_request', status: 400, text: "Tenant '{0}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud." },
  /** A DRS call without a valid bearer token for the DRS resource. */
  AADSTS50097: { error: 'invalid_request', status: 401, text: 'Device authentication is required: {0}' },
  /** Anything unexpected (never a stack trace). */
  AADSTS90100: { error: 'server_error', status: 500, text: 'The request could not be processed.' },
  /** An unknown path. */
  AADSTS90012: { error: 'invalid_request', status: 404, text: "The requested path '{0}' does not exist." },
} as const satisfies Record<string, AadstsEntry>;

export type AadstsCode = keyof typeof AADSTS;

/** An OAuth refusal: the AADSTS code, the description's arguments and the fact for the trace. */
export class OAuthError extends Error {
  readonly code: AadstsCode;
  readonly args: readonly string[];
  readonly fact: string;
  readonly detail: Readonly<Record<string, unknown>>;
  constructor(code: AadstsCode, fact: string, args: readonly string[] = [], detail: Record<string, unknown> = {}) {
    super(`${code}: ${fact}`);
    this.name = 'OAuthError';
    this.code = code;
    this.args = args;
    this.fact = fact;
    this.detail = detail;
  }
  get wire(): number {
    return Number(this.code.slice('AADSTS'.length));
  }
  get httpStatus(): number {
    return AADSTS[this.code].status;
  }
}

export const oauthError = (code: AadstsCode, fact: string, args: readonly string[] = [], detail: Record<string, unknown> = {}) => new OAuthError(code, fact, args, detail);

/** Entra's timestamp format in error bodies: `2024-01-01 12:00:00Z`. */
function entraTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** The JSON body of a refusal. */
export function errorBody(err: OAuthError, now: number, traceId: string, correlationId: string): Record<string, unknown> {
  const entry: AadstsEntry = AADSTS[err.code];
  const text = entry.text.replace(/\{(\d)\}/g, (_m, i: string) => err.args[Number(i)] ?? '');
  const ts = entraTime(now);
  return {
    error: entry.error,
    error_description: `${err.code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${ts}`,
    error_codes: [err.wire],
    timestamp: ts,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.wire}`,
  };
}
