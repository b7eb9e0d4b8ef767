import { restClient, type RestClient } from '@lienthong/contracts';

/**
 * contracts' REST client as the stack's operator (a system admin at the root unit); `url` picks
 * a replica other than the first.
 */
export function operatorApi(stack: { url: string; operatorToken: string }, url = stack.url): RestClient {
  return restClient({ baseUrl: url, authorization: () => `Bearer ${stack.operatorToken}` });
}
