import { conferenceNotOpenDetailsSchema, isFinished, type ErrorCode, LienthongError, type WireError, wireErrorSchema } from '@lienthong/contracts';

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
  /** No screen or window could be shared (the picker was cancelled, or the browser cannot). */
  'SCREEN_UNAVAILABLE',
  /** The browser has no usable WebRTC handler. */
  'BROWSER_UNSUPPORTED',
  /** The media path (ICE/DTLS) to the media node failed. */
  'MEDIA_FAILED',
  /** A REST answer did not match the contracts' schema. */
  'BAD_RESPONSE',
  /** The conference has ended or was cancelled (the server's CONFERENCE_NOT_OPEN, with that status). */
  'CONFERENCE_ENDED',
] as const;
export type LocalFailureCode = (typeof localFailureCodes)[number];
export type FailureCode = ErrorCode | LocalFailureCode;

/** A failure with a code the UI can explain; `detail` is for technicians, never translated. */
export class Failure extends Error {
  readonly code: FailureCode;
  readonly issues?: { path: (string | number)[]; message: string }[];
  /** The wire error's machine-readable facts (e.g. a conference's scheduled start). */
  readonly details?: Record<string, unknown>;

  constructor(code: FailureCode, detail?: string, issues?: Failure['issues'], details?: Record<string, unknown>) {
    super(detail ?? code);
    this.name = 'Failure';
    this.code = code;
    this.issues = issues;
    this.details = details;
  }
}

/** A wire error as the page explains it: a conference that is over is not "not open yet". */
export function failureFromWire(wire: WireError): Failure {
  const notOpen = wire.code === 'CONFERENCE_NOT_OPEN' ? conferenceNotOpenDetailsSchema.safeParse(wire.details) : null;
  const over = notOpen?.success && isFinished(notOpen.data.status);
  return new Failure(over ? 'CONFERENCE_ENDED' : wire.code, wire.message, wire.issues, wire.details);
}

/** Any thrown value as a Failure; `fallback` names what unknown errors mean where they were caught. */
export function toFailure(err: unknown, fallback: FailureCode = 'INTERNAL'): Failure {
  if (err instanceof Failure) return err;
  if (err instanceof LienthongError) return failureFromWire(err.toWire());
  const wire = wireErrorSchema.safeParse(err);
  if (wire.success) return failureFromWire(wire.data);
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
  'CONFERENCE_ENDED',
  // A replaced or expired link needs a new one; a site in use needs the person at this PC to decide.
  'LINK_REVOKED',
  'LINK_EXPIRED',
  'SITE_IN_USE',
]);

export function isHopeless(code: FailureCode): boolean {
  return hopeless.has(code);
}

/** Anything thrown, as an Error (mediasoup-client's errbacks take only those). */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
