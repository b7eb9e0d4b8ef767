import type { EndpointId } from './rest.js';
import { answerOrThrow, fileNameOf, readAnswer, type AnswerOf, type RestResult } from './rest-answer.js';
import { collectPages, walkPages, type CollectOptions, type ItemOf, type Page, type PagedEndpointId } from './rest-paging.js';
import { buildRequest, type LooseRestInput, type RestInput } from './rest-request.js';

/** Anything that sends a request like `fetch`: the global one, a session's that adds its token, a test's. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RestClientOptions {
  /** Where /api lives: '' in the browser (same origin), a replica's URL elsewhere. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** The Authorization header of every call (none when it gives undefined); a fetch that adds its own leaves this unset. */
  authorization?: () => string | undefined | Promise<string | undefined>;
  /** More RequestInit for every call (the browser's `cache: 'no-store'`). */
  init?: RequestInit;
}

export interface Download {
  blob: Blob;
  /** As the server names it (Content-Disposition), when it does. */
  fileName: string | null;
}

/**
 * The one REST client of lienthong, for every endpoint of contracts' table: requests are built
 * from the endpoint's path and schemas, answers parsed with its response schema, refusals read as
 * catalogue errors. Transport and authentication are the caller's: a browser passes its session's
 * fetch, a test a bearer token. Network failures are thrown as the transport throws them.
 */
export function restClient(options: RestClientOptions = {}) {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const transport: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));

  /** The built request sent as it is; the response unread. */
  async function send(id: EndpointId, input: LooseRestInput = {}, accept?: string): Promise<Response> {
    const request = buildRequest(id, input, accept);
    const authorization = await options.authorization?.();
    if (authorization) request.headers.Authorization = authorization;
    return transport(base + request.url, {
      ...options.init,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: input.signal,
      keepalive: input.keepalive,
    });
  }

  /** Any call, loosely typed (tests that send what the schemas refuse), read as an answer or a refusal. */
  async function loose<K extends EndpointId>(id: K, input: LooseRestInput = {}): Promise<RestResult<K>> {
    return readAnswer(id, await send(id, input));
  }

  /** The typed answer, or the refusal thrown as a `RestError`. */
  async function call<K extends EndpointId>(id: K, input: RestInput<K> = {}): Promise<AnswerOf<K>> {
    return answerOrThrow(id, await loose(id, input));
  }

  /** One page of a list call, at the limit and offset the paging helper asks. */
  function pageFetcher<K extends PagedEndpointId>(id: K, input: RestInput<K>) {
    const loosely: LooseRestInput = input;
    return async (page: { limit: number; offset: number }) =>
      answerOrThrow(id, await loose(id, { ...loosely, query: { ...loosely.query, ...page } })) as Page<ItemOf<K>>;
  }

  return {
    send,
    loose,
    call,
    /** The typed answer or the refusal, both as values. */
    result: <K extends EndpointId>(id: K, input: RestInput<K> = {}): Promise<RestResult<K>> => loose(id, input),
    /** A report or file as the server sends it (`?format=csv|xlsx`); a refusal is thrown as a `RestError`. */
    async download<K extends EndpointId>(id: K, input: RestInput<K> = {}): Promise<Download> {
      const res = await send(id, input, '*/*');
      if (!res.ok) answerOrThrow(id, await readAnswer(id, res));
      return { blob: await res.blob(), fileName: fileNameOf(res) };
    },
    /** Each page of a list endpoint in turn, from the query's offset to the last (sequentially). */
    pages<K extends PagedEndpointId>(id: K, input: RestInput<K> = {}, pageSize?: number) {
      const query: LooseRestInput['query'] = input.query;
      return walkPages(pageFetcher(id, input), query, pageSize);
    },
    /** Every item of a list endpoint, page after page. */
    all<K extends PagedEndpointId>(id: K, input: RestInput<K> = {}, options?: CollectOptions): Promise<ItemOf<K>[]> {
      return collectPages(pageFetcher(id, input), options);
    },
  };
}
export type RestClient = ReturnType<typeof restClient>;
