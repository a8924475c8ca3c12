/**
 * One base error for the lab; every protocol has a subclass that carries its wire code.
 * A service turns these into its protocol's reply in exactly one place; tests assert on
 * `code` (and the wire fields), never on message text.
 */
export abstract class LabError extends Error {
  /** Stable machine-readable code, unique across the lab (e.g. "KDC_ERR_PREAUTH_FAILED"). */
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A Kerberos failure: `wire` is the RFC 4120 / MS-KILE error-code number sent in KRB-ERROR,
 * `code` its spec spelling, `status` the short log status as MIT's KDC writes it.
 */
export class KrbError extends LabError {
  readonly code: string;
  readonly wire: number;
  readonly status: string;
  readonly eData?: Uint8Array;
  constructor(
    wire: number,
    code: string,
    status: string,
    eData?: Uint8Array,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${status}`, options);
    this.wire = wire;
    this.status = status;
    this.eData = eData;
    this.code = code;
  }
}

/** An LDAP failure with its RFC 4511 resultCode and the AD-style diagnostic message. */
export class LdapError extends LabError {
  readonly code: string;
  readonly resultCode: number;
  readonly diagnostic: string;
  readonly matchedDN: string;
  constructor(
    resultCode: number,
    code: string,
    diagnostic: string = '',
    matchedDN: string = '',
  ) {
    super(`${code}(${resultCode}): ${diagnostic}`);
    this.resultCode = resultCode;
    this.diagnostic = diagnostic;
    this.matchedDN = matchedDN;
    this.code = code;
  }
}

/** A DNS failure carried as an RCODE (RFC 1035 4.1.1). */
export class DnsError extends LabError {
  readonly code: string;
  readonly rcode: number;
  constructor(rcode: number, code: string, detail: string) {
    super(`${code}: ${detail}`);
    this.rcode = rcode;
    this.code = code;
  }
}

/** An OAuth 2.0 error as Entra ID writes it (RFC 6749 5.2 plus AADSTS codes). */
export class OAuthError extends LabError {
  readonly code: string;
  readonly error: string;
  readonly httpStatus: number;
  readonly description: string;
  readonly errorCodes: number[];
  constructor(
    error: string,
    httpStatus: number,
    description: string,
    errorCodes: number[] = [],
  ) {
    super(`${error}: ${description}`);
    this.error = error;
    this.httpStatus = httpStatus;
    this.description = description;
    this.errorCodes = errorCodes;
    this.code = error;
  }
}

/** A scenario file problem: names the file, the path inside it and what was expected. */
export class ScenarioError extends LabError {
  readonly code = 'SCENARIO_INVALID';
  readonly file: string;
  readonly path: string;
  readonly expected: string;
  readonly hint?: string;
  constructor(
    file: string,
    path: string,
    expected: string,
    hint?: string,
  ) {
    super(`${file}: ${path || '(root)'}: ${expected}${hint ? ` (hint: ${hint})` : ''}`);
    this.file = file;
    this.path = path;
    this.expected = expected;
    this.hint = hint;
  }
}

/** Malformed bytes handed to a pure decoder (ASN.1, NDR, keytab, ccache, ...). */
export class DecodeError extends LabError {
  readonly code = 'DECODE_ERROR';
  readonly what: string;
  readonly offset?: number;
  constructor(what: string, detail: string, offset?: number) {
    super(`${what}: ${detail}${offset !== undefined ? ` at offset ${offset}` : ''}`);
    this.what = what;
    this.offset = offset;
  }
}

/** A usage error of the CLI (bad flag, missing argument): exit code 2. */
export class UsageError extends LabError {
  readonly code = 'USAGE';
}

/** A service lifecycle misuse: start() twice, or start() after close(). */
export class ServiceStateError extends LabError {
  readonly code = 'SERVICE_STATE';
}
