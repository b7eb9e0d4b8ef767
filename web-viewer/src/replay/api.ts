// The replay pages' typed view of the REST API: paths and schemas come from contracts' endpoint
// table, every answer is validated, failures become the app's Failure codes.
import type { LoadOptions } from '../shared/use-load';
import { endpoints, LienthongError, wireErrorSchema, type EndpointId, type WatchedInterval } from '@lienthong/contracts';
import type { z } from 'zod';
import { type AuthSession, SessionEnded } from '../shared/auth-session';
import { Failure } from '../shared/failure';

type Output<K extends EndpointId> = z.output<(typeof endpoints)[K]['response']>;
type Body<K extends EndpointId> = (typeof endpoints)[K] extends { body: z.ZodType } ? z.input<(typeof endpoints)[K]['body']> : never;

export interface CallOptions<K extends EndpointId> {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: Body<K>;
  signal?: AbortSignal;
  /** Survive the page being closed (progress sent on unload). */
  keepalive?: boolean;
}

/** The URL of an endpoint with its `:params` filled in and the defined query fields. */
export function endpointUrl(id: EndpointId, params: Record<string, string> = {}, query: Record<string, string | undefined> = {}): string {
  const path = endpoints[id].path.replace(/:(\w+)/g, (_m, k: string) => encodeURIComponent(params[k] ?? ''));
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  return search.size ? `${path}?${search}` : path;
}

export class ReplayApi {
  /** Called when the session ends (revoked, or idle too long to refresh), so the page can ask to sign in again. */
  onUnauthenticated: (() => void) | null = null;

  /** Counts the sessions this instance has had: pages retry failed loads when it changes. */
  generation = 0;

  constructor(private session: Pick<AuthSession, 'fetch'> | null) {}

  /** How pages load through this api: a failed load is tried again after signing in again. */
  get loadOptions(): LoadOptions {
    return { retryWhen: this.generation, fallback: 'NETWORK' };
  }

  /** A new session after signing in again: the same instance, so a playing video keeps its state. */
  setSession(session: Pick<AuthSession, 'fetch'>): void {
    this.session = session;
    this.generation += 1;
  }

  async call<K extends EndpointId>(id: K, o: CallOptions<K> = {}): Promise<Output<K>> {
    const e = endpoints[id];
    const response = await this.send(endpointUrl(id, o.params, o.query), {
      method: e.method.toUpperCase(),
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: o.signal,
      keepalive: o.keepalive,
    });
    const parsed = e.response.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new Failure('BAD_RESPONSE', LienthongError.fromZod(parsed.error, `answer of ${id}`).message);
    return parsed.data as Output<K>;
  }

  /** A report endpoint's answer as a file (CSV or XLSX), for the browser to save. */
  async download(id: EndpointId, params: Record<string, string>, query: Record<string, string>): Promise<Blob> {
    return (await this.send(endpointUrl(id, params, query), { method: 'GET' })).blob();
  }

  reportProgress(recordingId: string, intervals: WatchedInterval[], positionSec: number, keepalive = false) {
    return this.call('recordings.progress', { params: { id: recordingId }, body: { intervals, positionSec }, keepalive });
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      if (!this.session) throw new SessionEnded('signed out');
      response = await this.session.fetch(url, {
        ...init,
        headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
        cache: 'no-store',
      });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      if (err instanceof SessionEnded) {
        this.onUnauthenticated?.();
        throw new Failure('UNAUTHENTICATED', err.reason);
      }
      throw new Failure('NETWORK', err instanceof Error ? err.message : String(err));
    }
    if (response.ok) return response;
    if (response.status === 401) this.onUnauthenticated?.();
    const wire = wireErrorSchema.safeParse(await response.json().catch(() => undefined));
    if (wire.success) throw new Failure(wire.data.code, wire.data.message, wire.data.issues);
    throw new Failure(response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE', `HTTP ${response.status} from ${url}`);
  }
}
