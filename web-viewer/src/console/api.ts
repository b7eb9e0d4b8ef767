import {
  type ConferenceDetail,
  conferenceDetailSchema,
  type ConferenceSummary,
  conferenceSummarySchema,
  LienthongError,
  listOf,
  type MediaNode,
  mediaNodeSchema,
  wireErrorSchema,
} from '@lienthong/contracts';
import { Failure } from '../shared/failure';

/** What this client needs of a contracts schema (keeps zod itself out of the web-viewer's imports). */
interface ResponseSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: Parameters<typeof LienthongError.fromZod>[0] };
}

const conferenceListSchema = listOf(conferenceSummarySchema);
const nodeListSchema = listOf(mediaNodeSchema);

/** The operator's typed view of the control plane's REST API; every answer is validated. */
export class ConsoleApi {
  constructor(
    private readonly token: string,
    private readonly base = '/api',
  ) {}

  async listConferences(signal?: AbortSignal): Promise<ConferenceSummary[]> {
    return (await this.get('/conferences', conferenceListSchema, signal)).items;
  }

  getConference(id: string, signal?: AbortSignal): Promise<ConferenceDetail> {
    return this.get(`/conferences/${encodeURIComponent(id)}`, conferenceDetailSchema, signal);
  }

  async listNodes(signal?: AbortSignal): Promise<MediaNode[]> {
    return (await this.get('/fleet/nodes', nodeListSchema, signal)).items;
  }

  private async get<T>(path: string, schema: ResponseSchema<T>, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
        cache: 'no-store',
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new Failure('NETWORK', err instanceof Error ? err.message : String(err));
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const wire = wireErrorSchema.safeParse(body);
      if (wire.success) throw new Failure(wire.data.code, wire.data.message, wire.data.issues);
      // No WireError: not the control plane answering (a proxy or gateway in between).
      const code = [502, 503, 504].includes(response.status) ? 'NETWORK' : response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE';
      throw new Failure(code, `HTTP ${response.status} from ${path}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const error = LienthongError.fromZod(parsed.error, `answer from ${path}`);
      throw new Failure('BAD_RESPONSE', error.message, error.issues);
    }
    return parsed.data;
  }
}
