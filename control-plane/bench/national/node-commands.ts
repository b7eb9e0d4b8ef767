// Commands the replicas sent their media nodes, by command, from their Prometheus /metrics (the
// count of lienthong_node_command_duration_seconds): each is a socket.io packet, a parse and an
// answer on both sides, so a join's count is part of its cost.
const COUNT = /^lienthong_node_command_duration_seconds_count\{command="([^"]+)"\} ([\d.eE+-]+)$/gm;

export async function scrapeNodeCommands(metricsUrl: string): Promise<Record<string, number>> {
  const res = await fetch(metricsUrl).catch(() => undefined);
  if (!res?.ok) return {};
  const counts: Record<string, number> = {};
  for (const [, command, value] of (await res.text()).matchAll(COUNT)) counts[command!] = Number(value);
  return counts;
}

/** The replicas' counts added up. */
export async function nodeCommandsOf(metricsUrls: readonly string[]): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const counts of await Promise.all(metricsUrls.map(scrapeNodeCommands)))
    for (const [command, n] of Object.entries(counts)) total[command] = (total[command] ?? 0) + n;
  return total;
}
