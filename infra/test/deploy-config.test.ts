/**
 * Keeps infra/deploy honest against the code, without a container engine (the files are only
 * parsed): every variable compose.yaml, the Kubernetes manifests and the Containerfile set for a
 * lienthong service is one its src/config.ts reads, every variable it requires is set, the compose
 * media nodes' RTC port ranges do not collide on their shared host, and every image or build target
 * named is a Containerfile stage, and Prometheus is pointed at the port each service opens its
 * metrics listener on.
 */
import { ConfigError, metricsPath } from '@lienthong/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import * as controlPlaneConfig from '../../control-plane/src/config.js';
import * as recorderConfig from '../../recorder/src/config.js';
import * as sfuConfig from '../../sfu/src/config.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const deployDir = path.join(repoRoot, 'infra/deploy');
const containerfilePath = path.join(deployDir, 'Containerfile');
const composePath = path.join(deployDir, 'compose.yaml');
const k8sDir = path.join(deployDir, 'k8s');
const rel = (file: string) => path.relative(repoRoot, file);
const read = (file: string) => readFileSync(file, 'utf8');

// ---- what the code reads ----------------------------------------------------------------------

interface ConfigModule {
  envVarNames: string[];
  loadConfig(env: NodeJS.ProcessEnv): unknown;
}
interface ServiceSpec {
  configFile: string;
  known: ReadonlySet<string>;
  required: readonly string[];
}

/** Required = neither default nor optional: the names an empty environment is refused for. */
function requiredVars(m: ConfigModule): string[] {
  try {
    m.loadConfig({});
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // parseEnv reports each zod issue as "<path>: <message>", the issues joined with "; ".
    return m.envVarNames.filter((name) => err.message.includes(`: ${name}: `) || err.message.includes(`; ${name}: `));
  }
}

const spec = (pkg: string, m: ConfigModule): ServiceSpec => ({
  configFile: `${pkg}/src/config.ts`,
  known: new Set(m.envVarNames),
  required: requiredVars(m),
});
const services: Record<string, ServiceSpec> = {
  'control-plane': spec('control-plane', controlPlaneConfig),
  sfu: spec('sfu', sfuConfig),
  recorder: spec('recorder', recorderConfig),
};

// ---- Containerfile ----------------------------------------------------------------------------

interface Stage {
  from: string;
  env: string[];
}

/** Stages by name, with the ENV names each sets itself. */
function parseContainerfile(text: string): Map<string, Stage> {
  const stages = new Map<string, Stage>();
  let current: Stage | undefined;
  for (const raw of text.replace(/\\\r?\n/g, ' ').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [instruction = '', ...rest] = line.split(/\s+/);
    if (instruction.toUpperCase() === 'FROM') {
      const args = rest.filter((a) => !a.startsWith('--'));
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      current = { from: args[0] ?? '', env: [] };
      stages.set(as >= 0 ? (args[as + 1] ?? '') : `#${stages.size}`, current);
    } else if (instruction.toUpperCase() === 'ENV' && current) {
      const body = line.slice(instruction.length).trim();
      if (/^[A-Za-z_]\w*=/.test(body)) {
        for (const m of body.matchAll(/([A-Za-z_]\w*)=(?:"[^"]*"|'[^']*'|\S*)/g)) current.env.push(m[1]!);
      } else {
        current.env.push(body.split(/\s+/)[0]!); // legacy `ENV NAME value`
      }
    }
  }
  return stages;
}

/** ENV names a stage has, its base stages' included. */
function stageEnv(stages: Map<string, Stage>, name: string): string[] {
  const stage = stages.get(name);
  if (!stage) return [];
  return [...stage.env, ...(stages.has(stage.from) && stage.from !== name ? stageEnv(stages, stage.from) : [])];
}

/** `lienthong/sfu:dev`, `registry:5000/lienthong/sfu:${TAG}` -> 'sfu'; anyone else's image -> undefined. */
function lienthongImage(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  return /(?:^|\/)lienthong\/([^/:@]+)(?:[:@][^/]*)?$/.exec(image)?.[1];
}

// ---- where variables are set ------------------------------------------------------------------

/** One place that sets the environment of one lienthong service. */
interface EnvSite {
  file: string;
  where: string;
  service: string;
  env: Map<string, unknown>;
  /** Kubernetes only: the pod's annotations and the container's declared ports. */
  pod?: { annotations: Record<string, string>; containerPorts: number[] };
}

function envProblems(sites: EnvSite[]): string[] {
  const problems: string[] = [];
  for (const site of sites) {
    const s = services[site.service]!;
    for (const name of site.env.keys())
      if (!s.known.has(name)) problems.push(`${site.file}: ${site.where} sets ${name}, which ${s.configFile} does not read`);
    for (const name of s.required)
      if (!site.env.has(name)) problems.push(`${site.file}: ${site.where} does not set ${name}, which ${s.configFile} requires`);
  }
  return problems;
}

interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  target?: string;
}
interface ComposeService {
  image?: string;
  network_mode?: string;
  build?: string | ComposeBuild;
  environment?: Record<string, unknown> | string[];
  env_file?: unknown;
  ports?: unknown[];
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
}

const composeKind = (svc: ComposeService) =>
  (typeof svc.build === 'object' ? svc.build.target : undefined) ?? lienthongImage(svc.image);

function composeEnv(svc: ComposeService): Map<string, unknown> {
  const env = svc.environment ?? {};
  if (!Array.isArray(env)) return new Map(Object.entries(env));
  return new Map(env.map((entry) => {
    const eq = entry.indexOf('=');
    return eq < 0 ? [entry, undefined] : [entry.slice(0, eq), entry.slice(eq + 1)];
  }));
}

function composeCheck(file: string, doc: ComposeFile, stages: Map<string, Stage>) {
  const sites: EnvSite[] = [];
  const problems: string[] = [];
  for (const [name, svc] of Object.entries(doc.services ?? {})) {
    if (typeof svc.build === 'string') problems.push(`${file}: ${name} builds without a target; use build.target`);
    if (typeof svc.build === 'object') {
      const dockerfile = path.resolve(path.dirname(path.join(repoRoot, file)), svc.build.context ?? '.', svc.build.dockerfile ?? 'Dockerfile');
      if (dockerfile !== containerfilePath) problems.push(`${file}: ${name} builds ${rel(dockerfile)}, not ${rel(containerfilePath)}`);
      const target = svc.build.target;
      if (!target || !stages.has(target)) problems.push(`${file}: ${name} builds target '${target}', which is no Containerfile stage`);
      const imageKind = lienthongImage(svc.image);
      if (svc.image && imageKind !== target) problems.push(`${file}: ${name} tags target '${target}' as ${svc.image}`);
    } else if (lienthongImage(svc.image) && !stages.has(lienthongImage(svc.image)!)) {
      problems.push(`${file}: ${name} runs ${svc.image}, which no Containerfile stage builds`);
    }
    const kind = composeKind(svc);
    if (!kind || !(kind in services)) continue;
    if (svc.env_file !== undefined) problems.push(`${file}: ${name} uses env_file; keep variables under environment so they can be checked`);
    sites.push({ file, where: `service ${name}`, service: kind, env: composeEnv(svc) });
  }
  return { sites, problems };
}

/** The compose media nodes bind on one host: their RTC ranges (and published ports) must not meet. */
function composePortProblems(file: string, doc: ComposeFile): string[] {
  const problems: string[] = [];
  const ranges: { name: string; min: number; max: number }[] = [];
  for (const [name, svc] of Object.entries(doc.services ?? {})) {
    if (composeKind(svc) !== 'sfu') continue;
    const env = composeEnv(svc);
    const [min, max] = [Number(env.get('RTC_MIN_PORT')), Number(env.get('RTC_MAX_PORT'))];
    if (!Number.isInteger(min) || !Number.isInteger(max))
      problems.push(`${file}: ${name} must set RTC_MIN_PORT and RTC_MAX_PORT to plain numbers (nodes sharing a host need distinct ranges)`);
    else if (min >= max) problems.push(`${file}: ${name} has RTC_MIN_PORT ${min} >= RTC_MAX_PORT ${max}`);
    else ranges.push({ name, min, max });
  }
  ranges.forEach((a, i) =>
    ranges.slice(i + 1).forEach((b) => {
      if (a.min <= b.max && b.min <= a.max)
        problems.push(`${file}: RTC ports of ${a.name} (${a.min}-${a.max}) and ${b.name} (${b.min}-${b.max}) overlap`);
    }),
  );
  for (const [name, svc] of Object.entries(doc.services ?? {})) {
    for (const p of svc.ports ?? []) {
      const published = typeof p === 'object' && p !== null ? (p as { published?: unknown }).published : String(p).split('/')[0]!.split(':').at(-2);
      const port = Number(published);
      for (const r of ranges)
        if (port >= r.min && port <= r.max) problems.push(`${file}: ${name} publishes port ${port}, inside ${r.name}'s RTC range`);
    }
  }
  return problems;
}

/** Every ${VAR} compose.yaml interpolates is documented in .env.example. */
function envExampleProblems(file: string, doc: unknown, envExample: string): string[] {
  const defined = new Set([...envExample.matchAll(/^\s*([A-Za-z_]\w*)=/gm)].map((m) => m[1]!));
  const used = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(/(?<!\$)\$\{([A-Za-z_]\w*)/g)) used.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(doc);
  return [...used].filter((name) => !defined.has(name)).map((name) => `${file} uses \${${name}}, which .env.example does not define`);
}

interface K8sContainer {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: unknown; valueFrom?: unknown }[];
  envFrom?: { prefix?: string; configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort?: number }[];
}
interface K8sPodSpec {
  containers?: K8sContainer[];
  initContainers?: K8sContainer[];
}
interface K8sObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  data?: Record<string, unknown>;
  spec?: {
    template?: { metadata?: { annotations?: Record<string, string> }; spec?: K8sPodSpec };
    jobTemplate?: { spec?: { template?: { spec?: K8sPodSpec } } };
  } & K8sPodSpec;
}

function podSpecOf(o: K8sObject): K8sPodSpec | undefined {
  if (['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job'].includes(o.kind ?? '')) return o.spec?.template?.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  if (o.kind === 'Pod') return o.spec;
  return undefined;
}

/** Names a container's shell wrapper exports (the sfu DaemonSet picks per-node values from files). */
function exportedNames(script: string): string[] {
  const names: string[] = [];
  for (const m of script.matchAll(/(?:^|[\s;&|])export\s+([^\n;&|]+)/g))
    for (const word of m[1]!.trim().split(/\s+/)) {
      const name = /^([A-Za-z_]\w*)(?:=|$)/.exec(word)?.[1];
      if (name) names.push(name);
    }
  return names;
}

function k8sCheck(objects: { file: string; object: K8sObject }[], stages: Map<string, Stage>) {
  const sites: EnvSite[] = [];
  const problems: string[] = [];
  const ns = (o: K8sObject) => o.metadata?.namespace ?? 'default';
  const configMaps = new Map(
    objects.filter(({ object }) => object.kind === 'ConfigMap').map(({ object }) => [`${ns(object)}/${object.metadata?.name}`, object.data ?? {}]),
  );
  for (const { file, object } of objects) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const where = `${object.kind} ${object.metadata?.name}, container ${c.name}`;
      const kind = lienthongImage(c.image);
      if (!kind) continue;
      if (!stages.has(kind)) problems.push(`${file}: ${where} runs ${c.image}, which no Containerfile stage builds`);
      if (!(kind in services)) continue;
      const env = new Map<string, unknown>();
      for (const from of c.envFrom ?? []) {
        if (from.secretRef) problems.push(`${file}: ${where} takes all of Secret ${from.secretRef.name}; list its variables under env (secretKeyRef) so they can be checked`);
        if (!from.configMapRef) continue;
        const data = configMaps.get(`${ns(object)}/${from.configMapRef.name}`);
        if (!data) problems.push(`${file}: ${where} reads ConfigMap ${from.configMapRef.name}, which no manifest defines`);
        for (const [key, value] of Object.entries(data ?? {})) env.set(`${from.prefix ?? ''}${key}`, value);
      }
      for (const e of c.env ?? []) env.set(e.name, e.value ?? e.valueFrom);
      for (const name of exportedNames([...(c.command ?? []), ...(c.args ?? [])].join('\n'))) env.set(name, undefined);
      const pod = { annotations: object.spec?.template?.metadata?.annotations ?? {}, containerPorts: (c.ports ?? []).map((p) => p.containerPort ?? 0) };
      sites.push({ file, where, service: kind, env, pod });
    }
  }
  return { sites, problems };
}

/**
 * Prometheus's pod annotations name the port and path the container's metrics listener opens, on
 * an address other pods reach (the default 127.0.0.1 would be the pod's own loopback).
 */
function scrapeProblems(sites: EnvSite[]): string[] {
  const problems: string[] = [];
  for (const { file, where, env, pod } of sites) {
    if (!pod) continue;
    // A YAML scalar: a number or a string.
    const port = env.get('METRICS_PORT') as string | number | undefined;
    const a = pod.annotations;
    if (a['prometheus.io/scrape'] !== 'true') problems.push(`${file}: ${where} is not annotated prometheus.io/scrape: "true"`);
    if (port === undefined) problems.push(`${file}: ${where} sets no METRICS_PORT: it opens no metrics listener`);
    else if (a['prometheus.io/port'] !== String(port)) problems.push(`${file}: ${where} is scraped on port ${a['prometheus.io/port']}, but METRICS_PORT is ${String(port)}`);
    if ((a['prometheus.io/path'] ?? metricsPath) !== metricsPath) problems.push(`${file}: ${where} is scraped at ${a['prometheus.io/path']}, not ${metricsPath}`);
    if (port !== undefined && !pod.containerPorts.includes(Number(port))) problems.push(`${file}: ${where} declares no containerPort ${String(port)}`);
    if (!env.has('METRICS_HOST')) problems.push(`${file}: ${where} sets no METRICS_HOST: the listener would be on the pod's loopback`);
  }
  return problems;
}

/** Each compose service opens metrics on a host port of its own: host-networked nodes directly, the others published. */
function composeMetricsProblems(file: string, doc: ComposeFile): string[] {
  const problems: string[] = [];
  const taken = new Map<number, string>();
  for (const [name, svc] of Object.entries(doc.services ?? {})) {
    const kind = composeKind(svc);
    if (!kind || !(kind in services)) continue;
    const port = Number(composeEnv(svc).get('METRICS_PORT'));
    if (!Number.isInteger(port) || port <= 0) {
      problems.push(`${file}: ${name} sets no METRICS_PORT: Prometheus has nothing to scrape`);
      continue;
    }
    const published = (svc.ports ?? []).map((p) => String(p).split(':')).find((parts) => parts.at(-1) === String(port));
    const hostPort = svc.network_mode === 'host' ? port : published ? Number(published.at(-2)) : undefined;
    if (hostPort === undefined) problems.push(`${file}: ${name} does not publish its METRICS_PORT ${port}`);
    else if (taken.has(hostPort)) problems.push(`${file}: ${name} and ${taken.get(hostPort)} both take host port ${hostPort} for metrics`);
    else taken.set(hostPort, name);
  }
  return problems;
}

// ---- the files --------------------------------------------------------------------------------

function parseYaml(file: string): unknown[] {
  const docs = parseAllDocuments(read(file), { merge: true });
  for (const d of docs) if (d.errors.length) throw new Error(`${rel(file)}: ${d.errors.map((e) => e.message).join('; ')}`);
  return docs.map((d) => d.toJS() as unknown).filter((o) => o !== null);
}

const stages = parseContainerfile(read(containerfilePath));
const composeFile = rel(composePath);
const compose = parseYaml(composePath)[0] as ComposeFile;
const k8sFiles = readdirSync(k8sDir).filter((f) => /\.ya?ml$/.test(f)).sort();
const k8sObjects = k8sFiles.flatMap((f) => parseYaml(path.join(k8sDir, f)).map((object) => ({ file: rel(path.join(k8sDir, f)), object: object as K8sObject })));

describe('deployment files agree with the code', () => {
  it('knows what each service reads and requires (guards against checking nothing)', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.known.size, name).toBeGreaterThan(0);
      expect(s.required.length, `${name}: no required variable found; did parseEnv's message format change?`).toBeGreaterThan(0);
    }
    expect(services.sfu!.required).toEqual(expect.arrayContaining(['CONTROL_PLANE_URL', 'NODE_ID', 'NODE_TOKEN']));
  });

  it('the Containerfile has a runtime target per service, whose ENV the service reads', () => {
    const problems: string[] = [];
    for (const [name, s] of Object.entries(services)) {
      if (!stages.has(name)) problems.push(`Containerfile has no stage '${name}'`);
      for (const v of stageEnv(stages, name))
        if (!s.known.has(v)) problems.push(`Containerfile: stage ${name} sets ENV ${v}, which ${s.configFile} does not read`);
    }
    expect(problems).toEqual([]);
  });

  it('compose.yaml sets only known variables, every required one, from targets that exist', () => {
    const { sites, problems } = composeCheck(composeFile, compose, stages);
    expect(new Set(sites.map((s) => s.service))).toEqual(new Set(Object.keys(services)));
    expect([...problems, ...envProblems(sites)]).toEqual([]);
  });

  it("compose.yaml's media nodes have disjoint RTC port ranges", () => {
    expect(composePortProblems(composeFile, compose)).toEqual([]);
  });

  it("compose.yaml's services each expose metrics on a host port of their own", () => {
    expect(composeMetricsProblems(composeFile, compose)).toEqual([]);
  });

  it('every variable compose.yaml interpolates is in .env.example', () => {
    expect(envExampleProblems(composeFile, compose, read(path.join(deployDir, '.env.example')))).toEqual([]);
  });

  it('the Kubernetes manifests set only known variables and every required one, from images that exist', () => {
    const { sites, problems } = k8sCheck(k8sObjects, stages);
    expect(new Set(sites.map((s) => s.service))).toEqual(new Set(Object.keys(services)));
    expect([...problems, ...envProblems(sites)]).toEqual([]);
  });

  it('Prometheus is told to scrape each Kubernetes service where its metrics listener is', () => {
    const { sites } = k8sCheck(k8sObjects, stages);
    expect(sites.filter((s) => s.pod?.annotations['prometheus.io/scrape'] === 'true').map((s) => s.service).sort()).toEqual(['control-plane', 'recorder', 'sfu']);
    expect(scrapeProblems(sites)).toEqual([]);
  });

  it('kustomization.yaml lists every manifest in k8s/', () => {
    const kustomization = k8sObjects.find((o) => o.object.kind === 'Kustomization')?.object as { resources?: string[] } | undefined;
    expect([...(kustomization?.resources ?? [])].sort()).toEqual(k8sFiles.filter((f) => f !== 'kustomization.yaml'));
  });
});

describe('the checks catch what they are for', () => {
  const clone = <T>(v: T): T => structuredClone(v);

  it('a misspelt or missing variable names the file, the service and the variable', () => {
    const broken = clone(compose);
    const cpEnv = broken.services!['control-plane']!.environment as Record<string, unknown>;
    cpEnv.NODE_TIMEOUT = cpEnv.NODE_TIMEOUT_MS;
    delete cpEnv.NODE_TIMEOUT_MS;
    delete (broken.services!['sfu-1']!.environment as Record<string, unknown>).NODE_TOKEN;
    const { sites } = composeCheck(composeFile, broken, stages);
    expect(envProblems(sites)).toEqual([
      'infra/deploy/compose.yaml: service control-plane sets NODE_TIMEOUT, which control-plane/src/config.ts does not read',
      'infra/deploy/compose.yaml: service sfu-1 does not set NODE_TOKEN, which sfu/src/config.ts requires',
    ]);
  });

  it('overlapping RTC ranges and unknown targets are reported', () => {
    const broken = clone(compose);
    (broken.services!['sfu-2']!.environment as Record<string, unknown>).RTC_MIN_PORT = '44000';
    (broken.services!.recorder!.build as ComposeBuild).target = 'recorderr';
    expect(composePortProblems(composeFile, broken).join('\n')).toMatch(/RTC ports of sfu-1 .* and sfu-2 .* overlap/);
    expect(composeCheck(composeFile, broken, stages).problems.join('\n')).toContain("recorder builds target 'recorderr', which is no Containerfile stage");
  });

  it('a Kubernetes container reading an undefined ConfigMap, or a misspelt key in one, is reported', () => {
    const broken = clone(k8sObjects);
    const cm = broken.find((o) => o.object.kind === 'ConfigMap' && o.object.metadata?.name === 'lienthong-recorder')!.object;
    cm.data = { ...cm.data, CONCURENCY: '2' };
    const { sites, problems } = k8sCheck(broken.filter((o) => o.object.metadata?.name !== 'lienthong-sfu'), stages);
    expect(problems.join('\n')).toContain('reads ConfigMap lienthong-sfu, which no manifest defines');
    expect(envProblems(sites).join('\n')).toContain('container recorder sets CONCURENCY, which recorder/src/config.ts does not read');
  });

  it('a metrics port taken twice, or scraped where nothing listens, is reported', () => {
    const broken = clone(compose);
    (broken.services!['sfu-2']!.environment as Record<string, unknown>).METRICS_PORT = '9465';
    delete (broken.services!.recorder!.environment as Record<string, unknown>).METRICS_PORT;
    expect(composeMetricsProblems(composeFile, broken)).toEqual([
      'infra/deploy/compose.yaml: sfu-2 and sfu-1 both take host port 9465 for metrics',
      'infra/deploy/compose.yaml: recorder sets no METRICS_PORT: Prometheus has nothing to scrape',
    ]);
    const k8s = clone(k8sObjects);
    const recorder = k8s.find((o) => o.object.kind === 'Deployment' && o.object.metadata?.name === 'recorder')!.object;
    recorder.spec!.template!.metadata!.annotations!['prometheus.io/port'] = '9464';
    expect(scrapeProblems(k8sCheck(k8s, stages).sites)).toEqual([
      'infra/deploy/k8s/recorder.yaml: Deployment recorder, container recorder is scraped on port 9464, but METRICS_PORT is 9467',
    ]);
  });
});
