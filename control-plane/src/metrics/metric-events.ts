import type { EndpointId, ErrorCode } from '@lienthong/contracts';

/**
 * What the control plane's modules report for its metrics, each one through the few methods it
 * needs (`Pick<MetricEvents, …>`), so none of them knows about prom-client. Nothing here is
 * called per site report: the 15,000-sites-a-second path stays untouched.
 */
export interface MetricEvents {
  /** A REST call of contracts' endpoint table was answered. */
  restRequest(endpoint: EndpointId, status: number, seconds: number): void;
  /** A media node answered a command, or failed to (`error` is the catalogue code). */
  nodeCommand(command: string, seconds: number, error: ErrorCode | null): void;
  /** A login was refused: wrong username or password, or too many attempts from one address. */
  loginFailed(reason: 'credentials' | 'rate_limited'): void;
  /** A scheduling job attempt ended (a failed attempt may be retried). */
  jobFinished(job: string, outcome: 'completed' | 'failed'): void;
  /** A site's socket went, with socket.io's reason (a small fixed set). */
  siteDisconnected(reason: string): void;
  /** A site's request was answered (`error`: the refusal's code); health reports are not counted. */
  siteRequest(request: string, error: ErrorCode | null): void;
}

/** For callers without metrics (benchmarks, some tests). */
export const noMetrics: MetricEvents = {
  restRequest: () => {},
  nodeCommand: () => {},
  loginFailed: () => {},
  jobFinished: () => {},
  siteDisconnected: () => {},
  siteRequest: () => {},
};
