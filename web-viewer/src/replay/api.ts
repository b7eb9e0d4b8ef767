// The replay pages' view of the REST API: the pages' one client (shared/rest.ts) over a session
// that can be replaced in place after signing in again.
import type { LoadOptions } from '../shared/use-load';
import type { AnswerOf, EndpointId, RestInput, WatchedInterval } from '@lienthong/contracts';
import { sessionRestClient, type SessionFetch } from '../shared/rest';

export class ReplayApi {
  /** Called when the session ends (revoked, or idle too long to refresh), so the page can ask to sign in again. */
  onUnauthenticated: (() => void) | null = null;

  /** Counts the sessions this instance has had: pages retry failed loads when it changes. */
  generation = 0;

  private readonly rest = sessionRestClient(
    () => this.session,
    () => this.onUnauthenticated?.(),
  );

  constructor(private session: SessionFetch | null) {}

  /** How pages load through this api: a failed load is tried again after signing in again. */
  get loadOptions(): LoadOptions {
    return { retryWhen: this.generation, fallback: 'NETWORK' };
  }

  /** A new session after signing in again: the same instance, so a playing video keeps its state. */
  setSession(session: SessionFetch): void {
    this.session = session;
    this.generation += 1;
  }

  call<K extends EndpointId>(id: K, input: RestInput<K> = {}): Promise<AnswerOf<K>> {
    return this.rest.call(id, input);
  }

  /** A report endpoint's answer as a file (CSV or XLSX), for the browser to save. */
  async download<K extends EndpointId>(id: K, params: RestInput<K>['params'], query?: RestInput<K>['query']): Promise<Blob> {
    return (await this.rest.download(id, { params, query })).blob;
  }

  reportProgress(recordingId: string, intervals: WatchedInterval[], positionSec: number, keepalive = false) {
    return this.call('recordings.progress', { params: { id: recordingId }, body: { intervals, positionSec }, keepalive });
  }
}
