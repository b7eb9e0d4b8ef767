import type { z } from 'zod';
import { LienthongError, wireErrorSchema, type WireError } from './errors.js';
import { acceptedAnswerSchema } from './file-answer.js';
import { endpoints, type EndpointId } from './rest.js';
import type { EndpointOf } from './rest-request.js';

/**
 * The answer half of the one REST client: an HTTP response read as the endpoint's typed answer,
 * or as the error catalogue's refusal. Anything else (a body that breaks the contract, an error
 * page from a proxy) is a `RestAnswerError`: the two sides disagree, which no caller can handle.
 */

/** A streamed CSV (`answerType: 'stream'`): its text is the answer (the schema describes a summary never sent). */
export interface StreamedAnswer {
  text: string;
}

/** A file (`answerType: 'file'`): its bytes, or, while a job still makes it (202), the job's state. */
export type FileAnswer = { bytes: Uint8Array; mediaType: string; fileName: string | null } | z.output<typeof acceptedAnswerSchema>;

export type AnswerOf<K extends EndpointId> = EndpointOf<K> extends { answerType: 'stream' }
  ? StreamedAnswer
  : EndpointOf<K> extends { answerType: 'file' }
    ? FileAnswer
    : z.output<EndpointOf<K>['response']>;

/** An answer, or the server's refusal with a code from the catalogue. */
export type RestResult<K extends EndpointId> =
  | { ok: true; status: number; data: AnswerOf<K>; error?: undefined }
  | { ok: false; status: number; data?: undefined; error: WireError };

/** The server refused a call: a catalogue error, with the HTTP status it came with. */
export class RestError extends LienthongError {
  constructor(
    readonly endpoint: EndpointId,
    readonly status: number,
    wire: WireError,
  ) {
    super(wire.code, wire.message, wire.issues, wire.details);
    this.name = 'RestError';
  }
}

/** An answer that is not what the contract says: a body its schema refuses, or an error without a problem document. */
export class RestAnswerError extends Error {
  constructor(
    readonly endpoint: EndpointId,
    readonly status: number,
    message: string,
    readonly issues?: LienthongError['issues'],
  ) {
    super(message);
    this.name = 'RestAnswerError';
  }
}

/** The file name a Content-Disposition header gives, if any. */
export function fileNameOf(res: Response): string | null {
  return /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null;
}

/** Reads a response of endpoint `id` as its typed answer or its catalogue error. */
export async function readAnswer<K extends EndpointId>(id: K, res: Response): Promise<RestResult<K>> {
  const endpoint: { response: z.ZodType; answerType?: string } = endpoints[id];
  const status = res.status;
  if (!res.ok) {
    const wire = wireErrorSchema.safeParse(await res.json().catch(() => undefined));
    if (!wire.success) throw new RestAnswerError(id, status, `HTTP ${status} from ${id} without a problem document`);
    return { ok: false, status, error: wire.data };
  }
  if (endpoint.answerType === 'stream') return { ok: true, status, data: { text: await res.text() } satisfies StreamedAnswer as AnswerOf<K> };
  if (endpoint.answerType === 'file') {
    const file: FileAnswer =
      status === 202
        ? acceptedAnswerSchema.parse({ accepted: (await res.json()) as unknown })
        : { bytes: new Uint8Array(await res.arrayBuffer()), mediaType: res.headers.get('content-type') ?? '', fileName: fileNameOf(res) };
    return { ok: true, status, data: file as AnswerOf<K> };
  }
  const parsed = endpoint.response.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) {
    const error = LienthongError.fromZod(parsed.error, `answer of ${id}`);
    throw new RestAnswerError(id, status, error.message, error.issues);
  }
  return { ok: true, status, data: parsed.data as AnswerOf<K> };
}

/** The answer, or the refusal thrown as a `RestError`. */
export function answerOrThrow<K extends EndpointId>(id: K, result: RestResult<K>): AnswerOf<K> {
  if (!result.ok) throw new RestError(id, result.status, result.error);
  return result.data;
}
