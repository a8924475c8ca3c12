/**
 * The emulated Windows device's sign-in, as its callers see it (`ctlab signin`, `ctlab test`,
 * the training page): the contract between the device chain (clients/device/) and its readers.
 * The chain runs over the wire only (PROTOCOL.md sections 4 and 5); every step also goes out as a
 * TraceEnvelope (service 'device') through `trace`.
 */
import type { LabFile } from '../../emulator/lab.ts';
import type { TraceEnvelope } from '../../emulator/trace/envelope.ts';

/** The steps of a cloud-trust sign-in, in order; `asReq` is the plain password AS exchange. */
export const SIGNIN_STEPS = ['register', 'nonce', 'prt', 'partialTgt', 'locateDc', 'fullTgt', 'keyList', 'serviceTicket', 'asReq'] as const;
export type SignInStep = (typeof SIGNIN_STEPS)[number];

export interface StepResult {
  readonly step: SignInStep;
  /** 'skipped' when an earlier step failed or the options left it out. */
  readonly verdict: 'ok' | 'error' | 'skipped';
  /** The wire code's name: KDC_ERR_TGT_REVOKED, KRB_AP_ERR_BAD_INTEGRITY, NXDOMAIN, AADSTS50034, ERROR_NO_SUCH_DOMAIN. */
  readonly code?: string;
  /** Its number: 18, 31, 3, 50034, 1355. */
  readonly wire?: number;
  /** What decided it, in one sentence. */
  readonly fact?: string;
  /** Structured detail (never secrets): realm, cname, kvno, the DC chosen, the SRV name asked, ... */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** One ticket as klist shows it. */
export interface TicketView {
  readonly client: string;
  readonly server: string;
  readonly kvno?: number;
  readonly etype: number;
  readonly sessionKeyType: number;
  readonly flags: readonly string[];
  readonly startTime: number;
  readonly endTime: number;
  readonly renewTill?: number;
  /** The KDC that issued it ("Kdc Called"): the DC's host name, or the cloud for the partial TGT. */
  readonly kdcCalled: string;
}

export interface SignInOptions {
  /** The running lab, as its ready file describes it (`.ctlab/lab.json`). */
  readonly lab: LabFile;
  readonly upn: string;
  /** Sign in with this password (the inner password grant), unless `hello`. */
  readonly password?: string;
  /** Sign in with a Windows Hello key registered for the user first (the inner jwt-bearer grant). */
  readonly hello?: boolean;
  /** Also get a service ticket for this SPN (the realm from the scenario's domain_realm mapping). */
  readonly spn?: string;
  /** The CA certificate (PEM) the token endpoint's HTTPS chains to (`ctlab ca`); plain HTTP when absent. */
  readonly caPem?: string;
  /** Which name the DC locator searches (scenario `client.dcLocatorHint`). */
  readonly dcLocatorHint?: 'onPremisesDomainName' | 'upnSuffix';
  /** Also run the plain password AS exchange, for comparison. */
  readonly alsoAsReq?: boolean;
  readonly trace?: (e: TraceEnvelope) => void;
}

export interface SignInResult {
  /** True when every step that ran ended ok. */
  readonly ok: boolean;
  readonly steps: readonly StepResult[];
  readonly tickets: readonly TicketView[];
  /** The first failing step, when one failed. */
  readonly failure?: StepResult;
  /** An MIT ccache with the full TGT and the service ticket, when they were obtained. */
  readonly ccache?: Uint8Array;
}
