// The control plane's event-loop delay, from its Prometheus /metrics (prom-client's default
// nodejs_eventloop_lag_* gauges). prom-client resets its delay histogram on every scrape, so a
// scrape at the start of a phase and one at its end give the phase's own p99.
const P99 = /^nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? ([\d.eE+-]+)$/m;
const MAX = /^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? ([\d.eE+-]+)$/m;

export interface EventLoopLag {
  p99Ms: number | null;
  maxMs: number | null;
}

export async function scrapeEventLoopLag(metricsUrl: string): Promise<EventLoopLag> {
  const res = await fetch(metricsUrl).catch(() => undefined);
  if (!res?.ok) return { p99Ms: null, maxMs: null };
  const text = await res.text();
  const ms = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Math.round(Number(m[1]) * 1e5) / 100 : null;
  };
  return { p99Ms: ms(P99), maxMs: ms(MAX) };
}
