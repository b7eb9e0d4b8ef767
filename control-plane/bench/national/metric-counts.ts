// Counts the replicas export on their Prometheus /metrics, added up across replicas: the commands
// they sent their media nodes (the count of lienthong_node_command_duration_seconds; each is a
// socket.io packet, a parse and an answer on both sides) and the requests sites sent them
// (lienthong_site_requests_total, every outcome), so a join's counts are part of its cost.
const NODE_COMMANDS = /^lienthong_node_command_duration_seconds_count\{command="([^"]+)"\} ([\d.eE+-]+)$/gm;
const SITE_REQUESTS = /^lienthong_site_requests_total\{request="([^"]+)",outcome="[^"]+"\} ([\d.eE+-]+)$/gm;

export interface MetricCounts {
  /** Commands sent to media nodes, by command. */
  nodeCommands: Record<string, number>;
  /** Requests sites sent, by request (the replicas do not count health reports). */
  siteRequests: Record<string, number>;
}

function addUp(text: string, series: RegExp, into: Record<string, number>): void {
  for (const [, name, value] of text.matchAll(series)) into[name!] = (into[name!] ?? 0) + Number(value);
}

/** One scrape of each replica (a scrape also resets prom-client's event-loop delay histogram). */
export async function metricCountsOf(metricsUrls: readonly string[]): Promise<MetricCounts> {
  const counts: MetricCounts = { nodeCommands: {}, siteRequests: {} };
  const texts = await Promise.all(metricsUrls.map(async (url) => (await fetch(url).catch(() => undefined))?.text() ?? ''));
  for (const text of texts) {
    addUp(text, NODE_COMMANDS, counts.nodeCommands);
    addUp(text, SITE_REQUESTS, counts.siteRequests);
  }
  return counts;
}
