import type { AnswerOf, CollectOptions, EndpointId, ItemOf, LooseRestInput, PagedEndpointId, RestInput } from '@lienthong/contracts';
import type { Failure } from '../../shared/failure';
import { sessionRestClient, type SessionFetch } from '../../shared/rest';

export type Answer<K extends EndpointId> = AnswerOf<K>;
export type CallInput<K extends EndpointId> = RestInput<K>;

export interface Download {
  blob: Blob;
  fileName: string;
}

/**
 * The console's client of the REST API: contracts' one client over the person's session, which
 * refreshes its token; a 401 that survives that (revoked, or the session idled out) calls
 * `onUnauthenticated`, so the shell sends the person back to the login page.
 */
export class RestClient {
  private readonly rest: ReturnType<typeof sessionRestClient>;

  constructor(session: SessionFetch, onUnauthenticated: (failure: Failure) => void, base = '') {
    this.rest = sessionRestClient(() => session, onUnauthenticated, base);
  }

  call<K extends EndpointId>(id: K, input: CallInput<K> = {}): Promise<Answer<K>> {
    return this.rest.call(id, input);
  }

  /** Every item of a list endpoint, page after page (a list is never cut at its first page). */
  all<K extends PagedEndpointId>(id: K, input: CallInput<K> = {}, options?: CollectOptions): Promise<ItemOf<K>[]> {
    return this.rest.all(id, input, options);
  }

  /** A report endpoint's answer as a file (`?format=csv|xlsx`), named as the server names it. */
  async download<K extends EndpointId>(id: K, input: CallInput<K>): Promise<Download> {
    const file = await this.rest.download(id, input);
    const query: LooseRestInput['query'] = input.query;
    return { blob: file.blob, fileName: file.fileName ?? `${id}.${String(query?.format ?? 'bin')}` };
  }
}

/** Saves a downloaded file the way a browser does for a link with `download`. */
export function saveFile({ blob, fileName }: Download): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
