import { endpoints, type EndpointId, LienthongError, wireErrorSchema } from '@lienthong/contracts';
import type { z } from 'zod';
import { type AuthSession, SessionEnded } from '../../shared/auth-session';
import { Failure } from '../../shared/failure';

type EndpointOf<K extends EndpointId> = (typeof endpoints)[K];
type SchemaIn<S> = S extends z.ZodType ? z.input<S> : never;
export type Answer<K extends EndpointId> = z.output<EndpointOf<K>['response']>;

export interface CallInput<K extends EndpointId> {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: SchemaIn<EndpointOf<K> extends { body: infer B } ? B : never>;
  /** The raw text of a `bodyType: 'csv'` endpoint. */
  csv?: string;
  /** The file of a `bodyType: 'binary'` endpoint (sent with its own media type). */
  file?: Blob;
  signal?: AbortSignal;
}

export interface Download {
  blob: Blob;
  fileName: string;
}

/**
 * The console's client of the REST API, driven by contracts' endpoint table: paths and methods
 * come from the table and every answer is parsed with the endpoint's response schema. Requests go
 * through the person's session, which refreshes its token; a 401 that survives that (revoked, or
 * the session idled out) calls `onUnauthenticated`, so the shell sends the person back to the
 * login page.
 */
export class RestClient {
  constructor(
    private readonly session: Pick<AuthSession, 'fetch'>,
    private readonly onUnauthenticated: (failure: Failure) => void,
    private readonly base = '',
  ) {}

  async call<K extends EndpointId>(id: K, input: CallInput<K> = {}): Promise<Answer<K>> {
    const res = await this.send(id, input, 'application/json');
    const body: unknown = await res.json().catch(() => undefined);
    const parsed = endpoints[id].response.safeParse(body);
    if (!parsed.success) {
      const error = LienthongError.fromZod(parsed.error, `answer of ${id}`);
      throw new Failure('BAD_RESPONSE', error.message, error.issues);
    }
    return parsed.data as Answer<K>;
  }

  /** A report endpoint's answer as a file (`?format=csv|xlsx`), named as the server names it. */
  async download<K extends EndpointId>(id: K, input: CallInput<K>): Promise<Download> {
    const res = await this.send(id, input, '*/*');
    const disposition = res.headers.get('content-disposition') ?? '';
    const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `${id}.${input.query?.format ?? 'bin'}`;
    return { blob: await res.blob(), fileName };
  }

  private async send<K extends EndpointId>(id: K, input: CallInput<K>, accept: string): Promise<Response> {
    const endpoint = endpoints[id];
    const path = endpoint.path.replace(/:(\w+)/g, (_m, key: string) => {
      const value = input.params?.[key];
      if (!value) throw new Error(`${id}: missing path parameter ${key}`);
      return encodeURIComponent(value);
    });
    const url = new URL(this.base + path, location.origin);
    for (const [k, v] of Object.entries(input.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: accept };
    let body: string | Blob | undefined;
    if (input.file !== undefined) {
      headers['Content-Type'] = input.file.type || 'application/octet-stream';
      body = input.file;
    } else if (input.csv !== undefined) {
      headers['Content-Type'] = 'text/csv';
      body = input.csv;
    } else if (input.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(input.body);
    }
    let res: Response;
    try {
      res = await this.session.fetch(url.toString(), { method: endpoint.method.toUpperCase(), headers, body, cache: 'no-store', signal: input.signal });
    } catch (err) {
      if (input.signal?.aborted) throw err;
      if (err instanceof SessionEnded) {
        const failure = new Failure('UNAUTHENTICATED', err.reason);
        this.onUnauthenticated(failure);
        throw failure;
      }
      throw new Failure('NETWORK', err instanceof Error ? err.message : String(err));
    }
    if (res.ok) return res;
    const wire = wireErrorSchema.safeParse(await res.json().catch(() => undefined));
    if (!wire.success) {
      const code = [502, 503, 504].includes(res.status) ? 'NETWORK' : res.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE';
      throw new Failure(code, `HTTP ${res.status} from ${path}`);
    }
    const failure = new Failure(wire.data.code, wire.data.message, wire.data.issues, wire.data.details);
    if (res.status === 401) this.onUnauthenticated(failure);
    throw failure;
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
