/**
 * The scrape contract every lienthong process serves on its metrics listener: `GET /metrics`
 * answers the Prometheus text exposition (with `Authorization: Bearer <token>` when a token is
 * set); nothing else is there. Typed structurally so this package stays free of Node's types (the
 * browser build imports it too).
 */
export const metricsPath = '/metrics';

/** What a prom-client Registry offers, and all a listener needs of it. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

interface IncomingLike {
  method?: string;
  url?: string;
  headers: { authorization?: string };
}
interface ResponseLike {
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
}

/** Compares in time independent of where the strings differ. */
function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}

/** A request listener for `http.createServer`; with a `token`, only a scraper sending it gets the metrics. */
export function metricsRequestListener(source: MetricsSource, token?: string) {
  return (req: IncomingLike, res: ResponseLike): void => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(body);
    };
    if ((req.url ?? '').split('?')[0] !== metricsPath) return send(404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    if (token !== undefined && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) return send(401, 'bearer token required\n', { 'www-authenticate': 'Bearer' });
    source.metrics().then(
      (text) => send(200, text, { 'content-type': source.contentType }),
      (err: unknown) => send(500, `cannot collect metrics: ${err instanceof Error ? err.message : String(err)}\n`),
    );
  };
}
