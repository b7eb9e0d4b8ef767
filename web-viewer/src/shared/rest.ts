// The pages' REST client: contracts' one client, sending through the signed-in person's session
// (which adds and refreshes the token) and turning every failure into the app's Failure codes.
import {
  restClient,
  RestAnswerError,
  RestError,
  type AnswerOf,
  type CollectOptions,
  type Download,
  type EndpointId,
  type FetchLike,
  type ItemOf,
  type PagedEndpointId,
  type RestInput,
} from '@lienthong/contracts';
import { type AuthSession, SessionEnded } from './auth-session';
import { Failure } from './failure';

export type SessionFetch = Pick<AuthSession, 'fetch'>;

/** What a failed call means to a page; `onUnauthenticated` hears of a session that is over. */
export function restFailure(err: unknown, onUnauthenticated: (failure: Failure) => void): Failure {
  if (err instanceof Failure) return err;
  if (err instanceof SessionEnded) {
    const failure = new Failure('UNAUTHENTICATED', err.reason);
    onUnauthenticated(failure);
    return failure;
  }
  if (err instanceof RestError) {
    const failure = new Failure(err.code, err.message, err.issues, err.details);
    // A 401 that survived the session's refresh: revoked, or idle too long.
    if (err.status === 401) onUnauthenticated(failure);
    return failure;
  }
  if (err instanceof RestAnswerError) {
    if (err.status < 300) return new Failure('BAD_RESPONSE', err.message, err.issues);
    // An error page without a problem document: a proxy in front of a restarting server, most likely.
    return new Failure([502, 503, 504].includes(err.status) ? 'NETWORK' : err.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE', err.message);
  }
  return new Failure('NETWORK', err instanceof Error ? err.message : String(err));
}

/**
 * A client over `session()` (null: signed out, every call fails UNAUTHENTICATED). A call aborted
 * by its signal rethrows the abort as it is, so pages can tell it from a failure.
 */
export function sessionRestClient(session: () => SessionFetch | null, onUnauthenticated: (failure: Failure) => void, baseUrl = '') {
  const transport: FetchLike = (url, init) => {
    const current = session();
    if (!current) throw new SessionEnded('signed out');
    return current.fetch(url, init);
  };
  const client = restClient({ baseUrl, fetch: transport, init: { cache: 'no-store' } });
  const guarded = async <T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (signal?.aborted) throw err;
      throw restFailure(err, onUnauthenticated);
    }
  };
  return {
    call: <K extends EndpointId>(id: K, input: RestInput<K> = {}): Promise<AnswerOf<K>> => guarded(input.signal, () => client.call(id, input)),
    /** A report endpoint's answer as a file (`?format=csv|xlsx`). */
    download: <K extends EndpointId>(id: K, input: RestInput<K> = {}): Promise<Download> => guarded(input.signal, () => client.download(id, input)),
    /** Every item of a list endpoint, page after page. */
    all: <K extends PagedEndpointId>(id: K, input: RestInput<K> = {}, options?: CollectOptions): Promise<ItemOf<K>[]> =>
      guarded(input.signal, () => client.all(id, input, options)),
  };
}
