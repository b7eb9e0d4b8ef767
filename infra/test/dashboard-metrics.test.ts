/**
 * Keeps infra/dashboards honest against the code, like deploy-config.test.ts does for the deploy
 * files: every metric a panel's query or an alert rule names is one a lienthong process exports
 * (its metrics module's registry, prom-client's process metrics included), so a renamed metric
 * fails here instead of leaving an empty panel, or an alert that can never fire.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ControlPlaneMetrics } from '../../control-plane/src/metrics/control-plane-metrics.js';
import { RecorderMetrics } from '../../recorder/src/metrics/recorder-metrics.js';
import { NodeMetrics } from '../../sfu/src/metrics/node-metrics.js';

const dashboardsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dashboards');

// ---- what the processes export ----------------------------------------------------------------

/** The series names a registry exposes: a histogram's _bucket/_sum/_count, a summary's _sum/_count. */
async function exposedNames(registry: Registry): Promise<string[]> {
  return (await registry.getMetricsAsJSON()).flatMap(({ name, type }) => {
    // prom-client types these as an enum; the values are the exposition's type names.
    const kind = String(type);
    if (kind === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    if (kind === 'summary') return [name, `${name}_sum`, `${name}_count`];
    return [name];
  });
}

const registries = {
  'control-plane': new ControlPlaneMetrics().registry,
  sfu: new NodeMetrics({ nodeId: 'check', pool: { workers: [], restarts: [], get: () => undefined }, consumersPerWorker: 1, connected: () => false }).registry,
  recorder: new RecorderMetrics().registry,
};

// ---- what the dashboards query ----------------------------------------------------------------

const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/** Metric names in a PromQL expression: identifiers left once strings, label matchers, ranges, Grafana variables and grouping lists are gone, except functions (followed by "("). */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/(?<![\w.])[a-zA-Z_:][\w:]*/g)]
    .filter((m) => !/^\s*\(/.test(bare.slice(m.index + m[0].length)))
    .map((m) => m[0])
    .filter((name) => !keywords.has(name.toLowerCase()));
}

interface Panel {
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}
interface Dashboard {
  schemaVersion?: number;
  panels?: Panel[];
  templating?: { list?: { type: string; name: string; query?: string }[] };
}

const dashboardFiles = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'));
const dashboards = dashboardFiles.map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(dashboardsDir, file), 'utf8')) as Dashboard }));
const panelsOf = (d: Dashboard): Panel[] => (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);

/** Every metric a dashboard's queries name that no registry exposes, as "file: panel: name". */
function unknownMetrics(file: string, dashboard: Dashboard, known: Set<string>): string[] {
  return panelsOf(dashboard).flatMap((p) =>
    (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr ?? '').filter((n) => !known.has(n)).map((n) => `${file}: ${p.title}: ${n}`)),
  );
}

const perProcess = Object.fromEntries(await Promise.all(Object.entries(registries).map(async ([k, r]) => [k, new Set(await exposedNames(r))] as const)));
const known = new Set(Object.values(perProcess).flatMap((names) => [...names]));

describe('dashboards query only metrics lienthong exports', () => {
  it('finds dashboards, and reads metric names out of PromQL', () => {
    expect(dashboardFiles).toContain('lienthong-overview.json');
    expect(metricNamesIn('histogram_quantile(0.95, sum by (le, command) (rate(lienthong_x_bucket{a="b",c=~"d|e"}[$__rate_interval])))')).toEqual(['lienthong_x_bucket']);
    expect(metricNamesIn('max by (node) (a_total offset 1h) / on (node) group_left(worker) b > bool 0.8')).toEqual(['a_total', 'b']);
  });

  it.each(dashboards)('$file: every panel query names exported metrics only', ({ file, dashboard }) => {
    expect(unknownMetrics(file, dashboard, known)).toEqual([]);
  });

  it.each(dashboards)('$file: Grafana 10/11 schema, every query on the ${DS_PROMETHEUS} variable', ({ dashboard }) => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating?.list).toContainEqual(expect.objectContaining({ type: 'datasource', name: 'DS_PROMETHEUS', query: 'prometheus' }));
    const queried = panelsOf(dashboard).filter((p) => p.type !== 'row');
    expect(queried.length).toBeGreaterThan(10);
    for (const p of queried) {
      expect(p.targets?.length, `${p.title} has no query`).toBeGreaterThan(0);
      expect(p.datasource?.uid, p.title).toBe('${DS_PROMETHEUS}');
      for (const t of p.targets ?? []) expect(metricNamesIn(t.expr ?? ''), `${p.title}: a query naming no metric`).not.toEqual([]);
    }
  });

  it('the overview covers each process: conferences, media nodes, control plane, recorder', () => {
    const overview = dashboards.find((d) => d.file === 'lienthong-overview.json')!.dashboard;
    const used = new Set(panelsOf(overview).flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr ?? ''))));
    for (const [process, names] of Object.entries(perProcess)) expect([...used].filter((n) => names.has(n) && n.startsWith('lienthong_')), process).not.toEqual([]);
    expect(panelsOf(overview).filter((p) => p.type === 'row').map((p) => p.title)).toEqual(['Conferences & sites', 'Media nodes', 'Control plane', 'Recorder']);
  });

  it('lienthong-alerts.yaml: every rule queries exported metrics only', () => {
    const rules = (parseYaml(readFileSync(path.join(dashboardsDir, 'lienthong-alerts.yaml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) expect(metricNamesIn(rule.expr), rule.alert).not.toEqual([]);
    expect(rules.flatMap((r) => metricNamesIn(r.expr).filter((n) => !known.has(n)).map((n) => `${r.alert}: ${n}`))).toEqual([]);
  });

  it('reports a query on a metric nobody exports (the check can fail)', () => {
    const drifted: Dashboard = { panels: [{ type: 'timeseries', title: 'Renamed', targets: [{ expr: 'sum(rate(lienthong_sites_joined_total[5m])) / sum(lienthong_sites_present)' }] }] };
    expect(unknownMetrics('x.json', drifted, known)).toEqual(['x.json: Renamed: lienthong_sites_joined_total']);
  });
});
