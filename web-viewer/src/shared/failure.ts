import { type ErrorCode, LienthongError, wireErrorSchema } from '@lienthong/contracts';

/**
 * Failures the browser can meet: every wire error code of the contracts' catalogue, plus a few
 * that only exist on this side of the wire (they never travel, so they are not in the contracts).
 */
export const localFailureCodes = [
  /** The server cannot be reached (network down, server restarting). */
  'NETWORK',
  /** The server closed an established connection. */
  'SERVER_CLOSED',
  /** Another tab of this browser opened the same site; this one stepped aside. */
  'SESSION_REPLACED',
  /** The page was opened without `#token=...`. */
  'MISSING_TOKEN',
  /** Camera or microphone could not be opened (hall only). */
  'CAMERA_UNAVAILABLE',
  /** The browser has no usable WebRTC handler. */
  'BROWSER_UNSUPPORTED',
  /** The media path (ICE/DTLS) to the media node failed. */
  'MEDIA_FAILED',
  /** A REST answer did not match the contracts' schema. */
  'BAD_RESPONSE',
] as const;
export type LocalFailureCode = (typeof localFailureCodes)[number];
export type FailureCode = ErrorCode | LocalFailureCode;

/** A failure with a code the UI can explain; `detail` is for technicians, never translated. */
export class Failure extends Error {
  readonly code: FailureCode;
  readonly issues?: { path: (string | number)[]; message: string }[];

  constructor(code: FailureCode, detail?: string, issues?: Failure['issues']) {
    super(detail ?? code);
    this.name = 'Failure';
    this.code = code;
    this.issues = issues;
  }
}

/** Any thrown value as a Failure; `fallback` names what unknown errors mean where they were caught. */
export function toFailure(err: unknown, fallback: FailureCode = 'INTERNAL'): Failure {
  if (err instanceof Failure) return err;
  if (err instanceof LienthongError) return new Failure(err.code, err.message, err.issues);
  const wire = wireErrorSchema.safeParse(err);
  if (wire.success) return new Failure(wire.data.code, wire.data.message, wire.data.issues);
  const message = err instanceof Error ? err.message : String(err);
  return new Failure(fallback, message);
}

/** Failures no retry can fix: the token, the link, the browser or this page's version is wrong. */
const hopeless: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'MISSING_TOKEN',
  'BROWSER_UNSUPPORTED',
  'BAD_REQUEST',
  'UNKNOWN_MESSAGE',
  'SESSION_REPLACED',
]);

export function isHopeless(code: FailureCode): boolean {
  return hopeless.has(code);
}
