import { callMessage, nodeCommands } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinkedNode, StandInReplica } from './support/stand-in-replicas.js';

/**
 * A node's metrics against real mediasoup workers, driven as the control plane drives a node: over
 * its control channel (here a bare socket.io server standing in for the control plane).
 */
describe('media-node metrics', () => {
  let linked: Awaited<ReturnType<typeof startLinkedNode>>;
  let replica: StandInReplica;
  let node: Socket;

  beforeAll(async () => {
    replica = await StandInReplica.start();
    linked = await startLinkedNode({
      replicas: [replica],
      nodeId: 'metrics-node',
      workers: 2,
      rtcPorts: [14950, 14999],
      env: { HEARTBEAT_MS: '100', CONSUMERS_PER_WORKER: '450' },
    });
    node = await replica.node();
  });
  afterAll(async () => {
    linked?.close();
    await replica?.close();
  });
  const heartbeats = () => replica.heartbeats;

  /** A sample's value as the registry would expose it now (collectors run). */
  const value = async (name: string, labels: Record<string, string> = {}) => {
    const family = (await linked.metrics.registry.getMetricsAsJSON()).find((m) => m.name === name.replace(/_count$/, ''));
    const sample = family?.values.find(
      (v) => ((v as { metricName?: string }).metricName ?? family.name) === name && Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want),
    );
    return sample?.value;
  };

  it('shows a router created by a control-plane command on the worker that holds it', async () => {
    await expect.poll(() => value('lienthong_sfu_control_plane_connected')).toBe(1); // once it has the answer to register
    expect(await value('lienthong_sfu_worker_alive', { worker: '0' })).toBe(1);
    expect(await value('lienthong_sfu_worker_consumer_capacity', { worker: '1' })).toBe(450);
    await expect.poll(() => value('lienthong_sfu_worker_routers', { worker: '1' })).toBe(0);

    const { workerIndex } = await callMessage(node, nodeCommands, 'createRouter', { conferenceId: 'metrics-conference', workerIndex: 1 });
    expect(workerIndex).toBe(1);
    await expect.poll(() => value('lienthong_sfu_worker_routers', { worker: '1' })).toBe(1);
    expect(await value('lienthong_sfu_worker_routers', { worker: '0', media_node: 'metrics-node' })).toBe(0);
    expect(await value('lienthong_sfu_command_duration_seconds_count', { command: 'createRouter' })).toBe(1);
    // The gauges are the heartbeat's own numbers, not a second measurement.
    await expect.poll(() => heartbeats().at(-1)?.[1]?.routers).toBe(1);
  });

  it('counts a refused command by its error code', async () => {
    await expect(callMessage(node, nodeCommands, 'closeRouter', { routerId: 'no-such-router' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await value('lienthong_sfu_command_failures_total', { command: 'closeRouter', code: 'NOT_FOUND' })).toBe(1);
  });

  it('shows the link to the control plane dropping while the load is still measured', async () => {
    // The control plane is unreachable for a while: the connection breaks and reconnecting fails.
    replica.refusing = true;
    node.conn.close();
    await expect.poll(() => value('lienthong_sfu_control_plane_connected')).toBe(0);
    const sent = heartbeats().length;
    linked.metrics.registry.getSingleMetric('lienthong_sfu_worker_routers')!.reset();
    await expect.poll(() => value('lienthong_sfu_worker_routers', { worker: '1' })).toBe(1);
    expect(heartbeats().length).toBe(sent);
    expect(await value('lienthong_sfu_control_plane_connected')).toBe(0);

    const back = replica.reconnected();
    replica.refusing = false;
    node = await back;
    await expect.poll(() => value('lienthong_sfu_control_plane_connected')).toBe(1);
  });

  it('dials again after the control plane cut it off (as its watchdog does to a stalled node)', async () => {
    const back = replica.reconnected();
    node.disconnect(true);
    node = await back;
    await expect.poll(() => value('lienthong_sfu_control_plane_connected')).toBe(1);
  });

  it('counts a killed worker restarted, and drops the routers it held', async () => {
    expect(await value('lienthong_sfu_worker_restarts_total', { worker: '1' })).toBe(0);
    const dead = linked.pool.workers[1]!;
    process.kill(dead.pid, 'SIGKILL');
    await expect.poll(() => value('lienthong_sfu_worker_restarts_total', { worker: '1' }), { timeout: 10_000 }).toBe(1);
    expect(linked.pool.workers[1]!.pid).not.toBe(dead.pid);
    expect(await value('lienthong_sfu_worker_alive', { worker: '1' })).toBe(1);
    await expect.poll(() => value('lienthong_sfu_worker_routers', { worker: '1' })).toBe(0);
    expect(await value('lienthong_sfu_worker_restarts_total', { worker: '0' })).toBe(0);
  });
});
