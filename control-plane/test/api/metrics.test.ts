import { callMessage, namespaces, nodeReports, siteRequests, type WorkerLoad } from '@lienthong/contracts';
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MediaNodeHandle } from '../../src/fleet/node-registry.js';
import { apiClient } from '../support/api-client.js';
import { startTestControlPlane, testRedisUrl, type TestControlPlane } from '../support/control-plane.js';
import { fakeNode } from '../support/fake-node.js';
import { parsePrometheusText, sampleValue, type Sample } from '../support/prometheus-text.js';

/** The control plane's /metrics, scraped from its own listener while sites, nodes and REST calls move it. */
describe('control-plane metrics', () => {
  let plane: TestControlPlane;
  const sockets: Socket[] = [];
  const scrapeToken = randomBytes(16).toString('hex');

  beforeAll(async () => {
    plane = await startTestControlPlane({ METRICS_PORT: '0', METRICS_TOKEN: scrapeToken, LOGIN_FAILURES_PER_USERNAME: '3' });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await plane?.stop();
  });

  const scrape = async (): Promise<Sample[]> => {
    const res = await fetch(plane.metricsUrl!, { headers: { authorization: `Bearer ${scrapeToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parsePrometheusText(await res.text());
  };
  const value = async (name: string, labels: Record<string, string> = {}) => sampleValue(await scrape(), name, labels);
  const connect = (nsp: string, token: string) => {
    const socket = io(`${plane.url}${nsp}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return new Promise<Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };

  it('serves /metrics only on its own listener, only GET /metrics there, and only with the token', async () => {
    expect(plane.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(plane.metricsUrl!).port).not.toBe(new URL(plane.url).port);
    const publicAnswer = await fetch(`${plane.url}/metrics`);
    expect(publicAnswer.status).toBe(404);
    expect(await publicAnswer.text()).not.toContain('lienthong_');
    expect((await fetch(plane.metricsUrl!, { method: 'POST' })).status).toBe(405);
    expect((await fetch(new URL('/', plane.metricsUrl!))).status).toBe(404);
    // METRICS_TOKEN set: a scraper without it gets nothing.
    const bare = await fetch(plane.metricsUrl!);
    expect(bare.status).toBe(401);
    expect(await bare.text()).not.toContain('lienthong_');
    // Off unless asked for: a deployment opens no metrics port it did not configure.
    const defaults = loadConfig({ AUTH_SECRET: randomBytes(32).toString('hex'), REDIS_URL: testRedisUrl });
    expect(defaults.METRICS_PORT).toBeUndefined();
    expect(defaults.METRICS_HOST).toBe('127.0.0.1');
  });

  it('exports the process defaults and every lienthong family', async () => {
    const names = new Set((await scrape()).map((s) => s.name));
    expect(names).toContain('process_cpu_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(names).toContain('lienthong_rooms_live');
    expect(await value('lienthong_socket_connections', { socket_namespace: '/site' })).toBe(0);
  });

  it('counts a site joining through /site with a node, the node commands it took, and its leaving', async () => {
    const node = fakeNode('metrics-node', ['TW'], 1);
    plane.fleet.add(node);
    const conference = plane.seed.conferenceId;
    try {
      expect(await value('lienthong_sites_present', { conference })).toBeUndefined();
      const routersBefore = (await value('lienthong_node_command_duration_seconds_count', { command: 'createRouter' })) ?? 0;

      const site = await connect(namespaces.site, await plane.tokens.signSite({ sub: plane.seed.hallSiteId, conf: conference }, 60));
      await callMessage(site, siteRequests, 'join', { delegates: 3 });

      const samples = await scrape();
      expect(sampleValue(samples, 'lienthong_sites_present', { conference })).toBe(1);
      expect(sampleValue(samples, 'lienthong_rooms_live')).toBe(1);
      expect(sampleValue(samples, 'lienthong_socket_connections', { socket_namespace: '/site' })).toBe(1);
      expect(sampleValue(samples, 'lienthong_node_command_duration_seconds_count', { command: 'createRouter' })).toBe(routersBefore + 1);
      expect(node.calls.filter((c) => c.name === 'createRouter')).toHaveLength(1);
      expect(sampleValue(samples, 'lienthong_media_nodes_connected')).toBe(1);
      // No series may name a site: 15,000 of them would swamp Prometheus.
      expect(samples.filter((s) => Object.values(s.labels).includes(plane.seed.hallSiteId))).toEqual([]);

      site.close();
      await expect.poll(() => value('lienthong_site_disconnects_total', { reason: 'client namespace disconnect' })).toBe(1);
      await expect.poll(() => value('lienthong_sites_present', { conference })).toBeUndefined();
    } finally {
      plane.fleet.remove(node);
    }
    expect(await value('lienthong_media_node_losses_total', { media_node: 'metrics-node' })).toBe(1);
    expect(await value('lienthong_media_nodes_connected')).toBe(0);
  });

  it("shows a node's heartbeat load against its registered capacity, per worker", async () => {
    const nodeId = 'metrics-heartbeat-node';
    const socket = await connect(namespaces.node, await plane.tokens.signNode({ sub: nodeId }));
    await callMessage(socket, nodeReports, 'register', {
      nodeId,
      version: 'test',
      announcedIp: '127.0.0.1',
      workers: 2,
      consumersPerWorker: 500,
      localityTags: ['XX'],
      routerIds: [],
    });
    const load = (index: number, consumers: number): WorkerLoad => ({
      index,
      routers: 1,
      transports: 2,
      producers: 1,
      consumers,
      bitrateIn: 0,
      bitrateOut: 0,
      cpu: 0.1,
      restarts: 0,
    });
    // The control plane cuts off a node silent for 1.5 s in tests: keep beating while looking.
    const beat = () => callMessage(socket, nodeReports, 'heartbeat', { workers: [load(0, 120), load(1, 7)] });
    await beat();
    const beating = setInterval(() => void beat().catch(() => undefined), 300);
    try {
      const samples = await scrape();
      expect(sampleValue(samples, 'lienthong_media_node_worker_consumers', { media_node: nodeId, worker: '0' })).toBe(120);
      expect(sampleValue(samples, 'lienthong_media_node_worker_consumers', { media_node: nodeId, worker: '1' })).toBe(7);
      expect(sampleValue(samples, 'lienthong_media_node_worker_consumer_capacity', { media_node: nodeId, worker: '1' })).toBe(500);
      expect(sampleValue(samples, 'lienthong_socket_connections', { socket_namespace: '/node' })).toBe(1);
      await callMessage(socket, nodeReports, 'workerRestarted', { index: 1, lostRouterIds: [] });
      expect(await value('lienthong_media_node_worker_restarts_total', { media_node: nodeId })).toBe(1);
    } finally {
      clearInterval(beating);
      socket.close();
    }
    await expect.poll(() => value('lienthong_media_node_worker_consumers', { media_node: nodeId, worker: '0' })).toBeUndefined();
  });

  it('counts failed node commands by command and error code', async () => {
    const failing = {
      timeout: () => ({ emitWithAck: async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'no router here' } }) }),
    };
    const node = new MediaNodeHandle('metrics-failing-node', '127.0.0.1', [], 1, 600, failing);
    plane.fleet.add(node);
    try {
      await expect(node.call('closeRouter', { routerId: 'r-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await value('lienthong_node_command_failures_total', { command: 'closeRouter', code: 'NOT_FOUND' })).toBe(1);
      expect(await value('lienthong_node_command_duration_seconds_count', { command: 'closeRouter' })).toBeGreaterThanOrEqual(1);
    } finally {
      plane.fleet.remove(node);
    }
  });

  it('times REST calls by endpoint id and status class, and counts login failures', async () => {
    const anonymous = apiClient(plane.url);
    const before = (await value('lienthong_rest_request_duration_seconds_count', { endpoint_id: 'conferences.get', status_class: '2xx' })) ?? 0;
    expect((await apiClient(plane.url, plane.operatorToken)('conferences.get', { params: { id: plane.seed.conferenceId } })).status).toBe(200);
    expect((await anonymous('conferences.list')).status).toBe(401);
    expect((await anonymous('auth.login', { body: { username: 'nobody', password: 'wrong-password' } })).status).toBe(401);

    const samples = await scrape();
    expect(sampleValue(samples, 'lienthong_rest_request_duration_seconds_count', { endpoint_id: 'conferences.get', status_class: '2xx' })).toBe(before + 1);
    expect(sampleValue(samples, 'lienthong_rest_request_duration_seconds_count', { endpoint_id: 'conferences.list', status_class: '4xx' })).toBe(1);
    expect(sampleValue(samples, 'lienthong_login_failures_total', { reason: 'credentials' })).toBe(1);
    // Paths with ids never become labels.
    expect(samples.filter((s) => s.labels.endpoint_id?.includes('/'))).toEqual([]);
  });

  it('counts logins refused by the rate limit apart from wrong passwords', async () => {
    const login = () => apiClient(plane.url)('auth.login', { body: { username: 'nobody', password: 'wrong-password' } });
    const wrongBefore = (await value('lienthong_login_failures_total', { reason: 'credentials' })) ?? 0;
    const statuses: number[] = [];
    for (let i = 0; i < 5 && statuses.at(-1) !== 429; i++) statuses.push((await login()).status);
    expect(statuses.at(-1)).toBe(429);
    const samples = await scrape();
    expect(sampleValue(samples, 'lienthong_login_failures_total', { reason: 'rate_limited' })).toBe(1);
    expect(sampleValue(samples, 'lienthong_login_failures_total', { reason: 'credentials' })).toBe(wrongBefore + statuses.filter((s) => s === 401).length);
  });
});
