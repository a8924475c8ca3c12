/**
 * Errors of the Kerberos server admin API: a stable `code` for tools and the HTTP status it is
 * answered with. The server (server.ts) turns them into `{"error": {"code", "message"}}` in one
 * place; anything else becomes INTERNAL (500) without a stack trace.
 */
import { LabError } from '../core/errors.ts';

export type AdminErrorCode =
  | 'BAD_REQUEST'
  | 'MALFORMED_JSON'
  | 'BODY_TOO_LARGE'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'FORBIDDEN'
  | 'NOT_CONFIGURED'
  | 'ROTATION_TOO_SOON'
  | 'RESTART_FAILED'
  | 'INTERNAL';

export const ADMIN_HTTP_STATUS: Record<AdminErrorCode, number> = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  BODY_TOO_LARGE: 413,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  FORBIDDEN: 403,
  NOT_CONFIGURED: 404,
  ROTATION_TOO_SOON: 409,
  /** The new world's services did not start (a port taken meanwhile); the lab went back to the previous one. */
  RESTART_FAILED: 500,
  INTERNAL: 500,
};

export class AdminError extends LabError {
  readonly code: AdminErrorCode;
  readonly httpStatus: number;
  /** Structured detail for tools (never keys). */
  readonly detail?: Readonly<Record<string, unknown>>;
  constructor(code: AdminErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.httpStatus = ADMIN_HTTP_STATUS[code];
    if (detail) this.detail = detail;
  }
}
