import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi } from '../local/operator-api.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { startScratchStack } from '@lienthong/testing/scratch-stack';

/**
 * A starved control plane is not a dead fleet. The control plane is frozen (SIGSTOP) for 5 s with
 * the default NODE_TIMEOUT_MS (3 s), then thawed: the media nodes' heartbeats sat unread in its
 * socket buffers meanwhile, and the watchdog must not hold that against them. Before the watchdog
 * counted only the time it was awake (and before the ping timeout outlasted such a stall), every
 * node was cut off at once here, and every site of every conference was told to rejoin.
 */
describe('a stalled control plane', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(19800, 50));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const nodes = async () => {
    return (await operatorApi(stack).call('fleet.nodes')).items;
  };

  it('cuts off no media node after a 5 s SIGSTOP', async () => {
    const before = await nodes();
    expect(before.length).toBe(2);
    const controlPlane = stack.children.get('control-plane')!.process;
    controlPlane.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 5000));
    controlPlane.kill('SIGCONT');
    // Once every node's heartbeat was read after the thaw, the watchdog has judged them: each of
    // its ticks since then found a fresh heartbeat, so what it did is final.
    const thawedAt = Date.now();
    await waitFor(
      'heartbeats read after the thaw',
      async () => {
        const now = await nodes();
        return now.length === before.length && now.every((n) => Date.parse(n.lastSeenAt) > thawedAt) ? now : undefined;
      },
      20_000,
      100,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- stack logs ---\n${stack.logs.slice(-40).join('\n')}`);
    });
    const after = await nodes();
    for (const node of before) {
      const same = after.find((n) => n.nodeId === node.nodeId);
      // The same registration: never cut off and re-registered.
      expect(same?.connectedAt, `${node.nodeId} was cut off and came back`).toBe(node.connectedAt);
    }
    expect(stack.logs.filter((l) => l.includes('cutting it off') || l.includes('media node disconnected'))).toEqual([]);
    expect(stack.logs.some((l) => l.includes('event loop stalled'))).toBe(true);
  });
});
