import { z } from 'zod';

/**
 * The one error catalogue. Every failure that crosses a wire (REST response, socket ack) carries
 * one of these codes; the HTTP status lives here too so no edge maps codes on its own.
 */
export const errorCatalogue = {
  BAD_REQUEST: { status: 400, message: 'The request is malformed' },
  UNAUTHENTICATED: { status: 401, message: 'A valid token is required' },
  TOKEN_EXPIRED: { status: 401, message: 'The token has expired' },
  FORBIDDEN: { status: 403, message: 'Not allowed for this token' },
  /** A refresh token traded a moment ago presented again (two tabs at once): the session stands; take the new pair from the tab that traded it. */
  REFRESH_RACED: { status: 409, message: 'This refresh token was traded a moment ago by another tab of this session' },
  /** The person signed in with a password someone else set: nothing but choosing a new one (POST /api/auth/password) until then. */
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: 'Choose a new password first: this one was set by someone else' },
  NOT_FOUND: { status: 404, message: 'No such resource' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state' },
  SCHEDULE_CLASH: { status: 409, message: 'A site is already in another conference at that time' },
  /** The body is larger than the endpoint accepts: `details.limitBytes` says how large it may be. */
  TOO_LARGE: { status: 413, message: 'The request body is too large' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests; try again later' },
  CONFERENCE_NOT_OPEN: { status: 409, message: 'The conference is not open' },
  /** A media node refused a command from a conference's former owner replica (another one took over). */
  FENCED: { status: 409, message: 'Another control-plane replica now owns this conference' },
  NOT_JOINED: { status: 409, message: 'Join the conference first' },
  /** Another PC holds the site's session; `details.connectedSince` says since when. Join again with `takeover`. */
  SITE_IN_USE: { status: 409, message: 'The site is connected on another PC; confirm to take it over' },
  /** An operator re-issued the site's join link: this one no longer opens anything. */
  LINK_REVOKED: { status: 410, message: 'This join link was replaced by a newer one' },
  LINK_EXPIRED: { status: 410, message: 'This join link has expired' },
  /** A site session asked for more than it may hold (transports, producers, consumers). */
  SESSION_LIMIT: { status: 429, message: 'This session already holds what it may' },
  UNKNOWN_MESSAGE: { status: 400, message: 'Unknown message' },
  /** Too many joins at once on this replica: `details.retryAfterMs` says when to try again. */
  BUSY: { status: 503, message: 'The control plane is busy; try again shortly' },
  NO_MEDIA_NODE: { status: 503, message: 'No media node can serve this site now' },
  MEDIA_NODE_FAILED: { status: 502, message: 'A media node failed to carry out a command' },
  VOTE_CLOSED: { status: 409, message: 'The vote is closed' },
  DELEGATES_EXCEEDED: { status: 409, message: 'More votes than delegates present' },
  /** No minutes yet: the conference has not ended, or their job failed (`details.state`). */
  MINUTES_NOT_READY: { status: 404, message: 'The minutes have not been made yet' },
  CONFERENCE_NOT_ENDED: { status: 409, message: 'The conference has not ended' },
  /** An opinion's lifecycle does not allow this action from its status (`details.status`, `details.action`). */
  OPINION_STATUS: { status: 409, message: "The opinion's status does not allow this" },
  TIMEOUT: { status: 504, message: 'The peer did not answer in time' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
export const errorCodeSchema = z.enum(Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]]);

export const issueSchema = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() });
export type WireIssue = z.infer<typeof issueSchema>;

/** The JSON shape of every error on every wire. */
export const wireErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  issues: z.array(issueSchema).optional(),
  /** Machine-readable facts about the failure (e.g. a conference's scheduled start); each code's shape is its sender's contract. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

/** Thrown anywhere in lienthong for an expected failure; edges turn it into a WireError. */
export class LienthongError extends Error {
  readonly code: ErrorCode;
  readonly issues?: WireIssue[];
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, issues?: WireIssue[], details?: Record<string, unknown>) {
    super(message ?? errorCatalogue[code].message);
    this.name = 'LienthongError';
    this.code = code;
    this.issues = issues;
    this.details = details;
  }

  get httpStatus(): number {
    return errorCatalogue[this.code].status;
  }

  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }

  static fromWire(error: WireError): LienthongError {
    return new LienthongError(error.code, error.message, error.issues, error.details);
  }

  static fromZod(error: z.ZodError, what = 'request'): LienthongError {
    const issues = error.issues.map((i) => ({
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: i.message,
    }));
    const first = issues[0];
    const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
    return new LienthongError('BAD_REQUEST', `Invalid ${what}: ${where}${first?.message ?? 'malformed'}`, issues);
  }
}

/** Any thrown value as a WireError; unexpected ones never leak their message. */
export function toWireError(err: unknown): WireError {
  if (err instanceof LienthongError) return err.toWire();
  if (err instanceof z.ZodError) return LienthongError.fromZod(err).toWire();
  return { code: 'INTERNAL', message: errorCatalogue.INTERNAL.message };
}
