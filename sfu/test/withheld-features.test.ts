import { nodeFeatures } from '@lienthong/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startLinkedNode, StandInReplica } from './support/stand-in-replicas.js';

// A node may keep a feature to itself (WITHHELD_FEATURES): control planes then use the commands of
// the version before with it. The field's switch if a feature misbehaves, and benches' A/B.
describe('features a node withholds', () => {
  let replica: StandInReplica | undefined;
  let linked: Awaited<ReturnType<typeof startLinkedNode>> | undefined;
  afterAll(async () => {
    linked?.close();
    await replica?.close();
  });

  it('are left out of its registration, the others stated as ever', async () => {
    replica = await StandInReplica.start();
    linked = await startLinkedNode({ replicas: [replica], nodeId: 'withholding-node', workers: 1, rtcPorts: [21040, 21059], env: { WITHHELD_FEATURES: nodeFeatures.openReady } });
    await replica.node();
    const stated = replica.registrations.at(-1)?.features;
    expect(stated).toEqual(Object.values(nodeFeatures).filter((f) => f !== nodeFeatures.openReady));
  });

  it('must be features nodes have: anything else is refused at start, naming them', () => {
    const env = { CONTROL_PLANE_URL: 'http://127.0.0.1:1', NODE_ID: 'n', NODE_TOKEN: 'a-token-long-enough-to-pass', WITHHELD_FEATURES: 'open-ready,open-readyy' };
    expect(() => loadConfig(env)).toThrow(/WITHHELD_FEATURES\.1: each of .*open-ready/);
  });
});
