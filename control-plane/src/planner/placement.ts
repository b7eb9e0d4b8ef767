/**
 * Which media node serves a site joining a conference: a pure choice, table-tested.
 *
 * A node announces the units it serves (locality tags = unit codes). A site goes to the node
 * tagged with its deepest ancestor unit (its own province's node before the central one), so
 * media stays inside the province and only the program crosses the pipe. Among equals, the node
 * with the fewest consumers per worker wins; with no tag match, the least loaded node overall.
 */
export interface NodeCandidate {
  nodeId: string;
  localityTags: readonly string[];
  workers: number;
  consumers: number;
}

export function chooseNode(unitAncestry: readonly string[], nodes: readonly NodeCandidate[]): string | null {
  if (nodes.length === 0) return null;
  const depthOf = (n: NodeCandidate) => {
    let best = -1;
    unitAncestry.forEach((code, depth) => {
      if (n.localityTags.includes(code)) best = depth;
    });
    return best;
  };
  const loadOf = (n: NodeCandidate) => n.consumers / Math.max(1, n.workers);
  const ranked = [...nodes].sort(
    (a, b) => depthOf(b) - depthOf(a) || loadOf(a) - loadOf(b) || a.nodeId.localeCompare(b.nodeId),
  );
  return ranked[0]!.nodeId;
}
