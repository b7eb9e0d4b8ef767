// A typed client over contracts' endpoint table: tests call endpoints by id, and every answer is
// parsed with the endpoint's response schema (or the error shape), so a drift fails loudly.
import { endpoints, wireErrorSchema, type EndpointId, type WireError } from '@lienthong/contracts';
import type { z } from 'zod';

export interface CallInput {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  csv?: string;
  /** Sent as is, instead of JSON.stringify(body). */
  rawBody?: string;
  /** A file upload: these bytes with this media type. */
  file?: { bytes: Uint8Array; mediaType: string };
}

export type Answer<K extends EndpointId> =
  | { status: number; ok: true; data: z.output<(typeof endpoints)[K]['response']>; error?: undefined }
  | { status: number; ok: false; data?: undefined; error: WireError };

export function apiClient(baseUrl: string, token?: string) {
  return async function call<K extends EndpointId>(id: K, input: CallInput = {}): Promise<Answer<K>> {
    const e = endpoints[id];
    const path = e.path.replace(/:(\w+)/g, (_m, k: string) => encodeURIComponent(input.params?.[k] ?? `missing-${k}`));
    const url = new URL(path, baseUrl);
    for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let body: string | Blob | undefined;
    if (input.file) {
      headers['content-type'] = input.file.mediaType;
      body = new Blob([new Uint8Array(input.file.bytes)]);
    } else if (input.csv !== undefined) {
      headers['content-type'] = 'text/csv';
      body = input.csv;
    } else if (input.rawBody !== undefined || input.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = input.rawBody ?? JSON.stringify(input.body);
    }
    const res = await fetch(url, { method: e.method.toUpperCase(), headers, body });
    if (res.ok && 'answerType' in e && e.answerType === 'stream') {
      // A streamed CSV: its text is the answer (the summary schema describes nothing sent).
      return { status: res.status, ok: true, data: { rows: -1, text: await res.text() } as never };
    }
    if (res.status === 202 && 'answerType' in e && e.answerType === 'file') {
      // Still being made: the job's state, as the file endpoint's `accepted` answer.
      return { status: res.status, ok: true, data: e.response.parse({ accepted: await res.json() }) as never };
    }
    if (res.ok && 'answerType' in e && e.answerType === 'file') {
      // A file: its bytes are the answer; the schema describes what the server sent, not this.
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, ok: true, data: { path: '', fileName: '', mediaType: res.headers.get('content-type') ?? '', inline: false, bytes } as never };
    }
    const json: unknown = await res.json();
    if (res.ok) return { status: res.status, ok: true, data: e.response.parse(json) as never };
    if (!res.headers.get('content-type')?.includes('application/problem+json')) throw new Error(`${id}: ${res.status} without a problem document`);
    return { status: res.status, ok: false, error: wireErrorSchema.parse(json) };
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

/** The data of a successful answer, or a thrown error naming the failure. */
export function ok<K extends EndpointId>(answer: Answer<K>): z.output<(typeof endpoints)[K]['response']> {
  if (!answer.ok) throw new Error(`expected success, got ${answer.status} ${answer.error.code}: ${answer.error.message}`);
  return answer.data;
}
