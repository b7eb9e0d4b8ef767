// Arithmetic of the report: percentiles, rounding, tallies, and the national projection.

export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentiles of a sample (null when it is empty). */
export function percentiles(values: readonly number[]): { p50: number | null; p95: number | null; p99: number | null; max: number | null } {
  if (!values.length) return { p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!, 1);
  return { p50: at(50), p95: at(95), p99: at(99), max: round(sorted.at(-1)!, 1) };
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

export const NATIONAL_SITES = 15_345;
export const NATIONAL_ARRIVAL_SECONDS = 60;
/** Share of a core a replica is planned to use (the rest is headroom for stalls and bursts). */
const HEADROOM = 0.8;

/**
 * Replicas a national conference needs at the measured costs, assuming one core per replica and
 * costs that do not grow with the conference's size: a projection, not a measurement.
 */
export function projectNational(cpuMsPerJoin: number, usPerSiteSecondOfHealth: number) {
  const joinCores = ((NATIONAL_SITES / NATIONAL_ARRIVAL_SECONDS) * cpuMsPerJoin) / 1000;
  const healthCores = (NATIONAL_SITES * usPerSiteSecondOfHealth) / 1e6;
  return {
    label: `PROJECTION (not measured): ${NATIONAL_SITES} sites joining in ${NATIONAL_ARRIVAL_SECONDS} s, their links steady (news only, liveness from the socket ping), one core per replica used to ${HEADROOM * 100} %`,
    joinCores: round(joinCores),
    healthReportCores: round(healthCores),
    replicasForJoins: Math.ceil(joinCores / HEADROOM),
    replicasForHealthReports: Math.ceil(healthCores / HEADROOM),
    replicasDuringJoinStorm: Math.ceil((joinCores + healthCores) / HEADROOM),
  };
}
