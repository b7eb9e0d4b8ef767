import { restClient, type RestClient } from '@lienthong/contracts';

/**
 * contracts' REST client as the stack's operator (a system admin at the root unit); `url` picks
 * a replica other than the first.
 */
export function operatorApi(stack: { url: string; operatorToken: string }, url = stack.url): RestClient {
  return restClient({ baseUrl: url, authorization: () => `Bearer ${stack.operatorToken}` });
}

/** Whether a control plane at `url` answers its health check (false while it starts or after it died). */
export async function answersHealth(url: string): Promise<boolean> {
  const health = await restClient({ baseUrl: url }).loose('health.get').catch(() => undefined);
  return health?.ok ?? false;
}
