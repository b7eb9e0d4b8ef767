import type { z } from 'zod';
import { endpoints, type EndpointId } from './rest.js';

/**
 * The request half of the one REST client: what a call to an endpoint of the table may carry,
 * typed from the endpoint's own schemas, and how it becomes a method, a path and a body. It knows
 * nothing of transports or tokens (rest-client.ts adds those).
 */
export type EndpointOf<K extends EndpointId> = (typeof endpoints)[K];

/** A query string's value; `undefined`, `null` and '' are left out (an empty field filters nothing). */
export type QueryValue = string | number | boolean | null | undefined;

type ObjectKeys<T> = T extends Record<string, unknown> ? keyof T & string : string;

/** `:id`-style path parameters, by the names in the endpoint's params schema. */
export type ParamsOf<K extends EndpointId> = EndpointOf<K> extends { params: infer P extends z.ZodType } ? Record<ObjectKeys<z.input<P>>, string> : never;
/** Query fields, by the names in the endpoint's query schema (values are text on the wire: the schema coerces). */
export type QueryOf<K extends EndpointId> = EndpointOf<K> extends { query: infer Q extends z.ZodType } ? Partial<Record<ObjectKeys<z.input<Q>>, QueryValue>> : never;
/** The JSON body as the endpoint's body schema accepts it. */
export type BodyOf<K extends EndpointId> = EndpointOf<K> extends { body: infer B extends z.ZodType } ? z.input<B> : never;

/** A file to upload (`bodyType: 'binary'`): a Blob, or bytes with their media type. */
export type Upload = Blob | { bytes: Uint8Array; mediaType: string };

/** What travels with a request besides its body: cancellation, and surviving a closed page. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Survive the page being closed (progress sent on unload). */
  keepalive?: boolean;
}

/** A well-formed call of endpoint K. */
export interface RestInput<K extends EndpointId> extends RequestOptions {
  params?: ParamsOf<K>;
  query?: QueryOf<K>;
  body?: BodyOf<K>;
  /** The text of a `bodyType: 'csv'` endpoint. */
  csv?: string;
  /** The file of a `bodyType: 'binary'` endpoint. */
  file?: Upload;
}

/**
 * Any call, typed loosely: for tests that send what the schemas refuse on purpose (a bad body, an
 * unknown query field, text that is not JSON).
 */
export interface LooseRestInput extends RequestOptions {
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Sent as the JSON body as it is, instead of JSON.stringify(body). */
  rawJson?: string;
  csv?: string;
  file?: Upload;
}

export interface BuiltRequest {
  method: string;
  /** The path with its parameters filled in and the query appended. */
  url: string;
  headers: Record<string, string>;
  body?: string | Blob;
}

/** The endpoint's path with its `:params` filled in (encoded); a missing one is a programming error. */
export function endpointPath(id: EndpointId, params: Record<string, string> = {}): string {
  return endpoints[id].path.replace(/:(\w+)/g, (_m, key: string) => {
    const value = params[key];
    if (value === undefined || value === '') throw new Error(`${id}: missing path parameter ${key}`);
    return encodeURIComponent(value);
  });
}

/** The path and query string of a call (relative: the client puts its base in front). */
export function endpointUrl(id: EndpointId, params?: Record<string, string>, query: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') search.append(key, String(value));
  const path = endpointPath(id, params);
  return search.size ? `${path}?${search}` : path;
}

/** The method, URL, headers and body of a call; `accept` says what answer is wanted (JSON, or a file). */
export function buildRequest(id: EndpointId, input: LooseRestInput, accept = 'application/json'): BuiltRequest {
  const headers: Record<string, string> = { Accept: accept };
  let body: string | Blob | undefined;
  if (input.file !== undefined) {
    const blob = input.file instanceof Blob ? input.file : new Blob([new Uint8Array(input.file.bytes)], { type: input.file.mediaType });
    headers['Content-Type'] = blob.type || 'application/octet-stream';
    body = blob;
  } else if (input.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = input.csv;
  } else if (input.rawJson !== undefined || input.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = input.rawJson ?? JSON.stringify(input.body);
  }
  return { method: endpoints[id].method.toUpperCase(), url: endpointUrl(id, input.params, input.query), headers, body };
}
