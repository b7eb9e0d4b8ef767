// The tests' view of the REST API: contracts' one client, loosely typed so a test can send what the
// schemas refuse on purpose; every answer is parsed with the endpoint's response schema (or the
// error shape), so a drift fails loudly.
import { restClient, type EndpointId, type LooseRestInput, type RestResult } from '@lienthong/contracts';

export type CallInput = Omit<LooseRestInput, 'rawJson'> & {
  /** Sent as the JSON body as it is, instead of JSON.stringify(body). */
  rawBody?: string;
};

export type Answer<K extends EndpointId> = RestResult<K>;

export function apiClient(baseUrl: string, token?: string) {
  const client = restClient({ baseUrl, authorization: () => (token ? `Bearer ${token}` : undefined) });
  return function call<K extends EndpointId>(id: K, { rawBody, ...input }: CallInput = {}): Promise<Answer<K>> {
    return client.loose(id, { ...input, rawJson: rawBody });
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

/** The data of a successful answer, or a thrown error naming the failure. */
export function ok<K extends EndpointId>(answer: Answer<K>): Extract<Answer<K>, { ok: true }>['data'] {
  if (!answer.ok) throw new Error(`expected success, got ${answer.status} ${answer.error.code}: ${answer.error.message}`);
  return answer.data;
}
