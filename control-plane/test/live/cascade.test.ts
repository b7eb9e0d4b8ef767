import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { NodeRegistry } from '../../src/fleet/node-registry.js';
import { Cascade } from '../../src/live/cascade.js';
import { CascadePlan } from '../../src/planner/plan.js';
import { fakeNode } from '../support/fake-node.js';

/** origin/0 -> province/0 -> district/0, and province/1 as a sibling branch under the origin. */
function setup() {
  const log: string[] = [];
  const nodes = [fakeNode('origin', ['TW'], 2, log), fakeNode('province', ['HN'], 2, log), fakeNode('district', ['HN-BD'], 2, log)];
  const fleet = new NodeRegistry();
  for (const n of nodes) fleet.add(n);
  const plan = new CascadePlan('hall', ['TW']);
  plan.addRouter({ key: 'origin/0', nodeId: 'origin', workerIndex: 0, parent: null });
  plan.addRouter({ key: 'province/0', nodeId: 'province', workerIndex: 0, parent: 'origin/0' });
  plan.addRouter({ key: 'district/0', nodeId: 'district', workerIndex: 0, parent: 'province/0' });
  plan.addRouter({ key: 'province/1', nodeId: 'province', workerIndex: 1, parent: 'origin/0' });
  const cascade = new Cascade('conf', fleet, plan, pino({ level: 'silent' }));
  const count = (nodeId: string, name: string) => nodes.find((n) => n.nodeId === nodeId)!.calls.filter((c) => c.name === name).length;
  return { nodes, cascade, count, log };
}

describe('Cascade', () => {
  it('carries a producer hop by hop down the plan, each router, pipe and copy made once under a join storm', async () => {
    const { cascade, count } = setup();
    await Promise.all(Array.from({ length: 50 }, () => cascade.carry('p1', 'origin/0', 'district/0')));
    expect(count('origin', 'createRouter')).toBe(1);
    expect(count('province', 'createRouter')).toBe(1);
    expect(count('district', 'createRouter')).toBe(1);
    // One pipe per tree edge: origin>province and province>district, each with two ends.
    expect(count('origin', 'createPipeTransport') + count('province', 'createPipeTransport') + count('district', 'createPipeTransport')).toBe(4);
    expect(count('origin', 'pipeConsume')).toBe(1);
    expect(count('province', 'pipeProduce')).toBe(1);
    expect(count('province', 'pipeConsume')).toBe(1);
    expect(count('district', 'pipeProduce')).toBe(1);
  });

  it('carries up to the common ancestor and down the other branch (a floor holder below the origin)', async () => {
    const { cascade, log } = setup();
    await cascade.carry('p2', 'district/0', 'province/1');
    // district -> province/0 -> origin -> province/1 (a second worker of the province node)
    expect(log.filter((l) => /pipe(Consume|Produce)$/.test(l))).toEqual([
      'district:pipeConsume',
      'province:pipeProduce',
      'province:pipeConsume',
      'origin:pipeProduce',
      'origin:pipeConsume',
      'province:pipeProduce',
    ]);
  });

  it('discarding a router closes it and the surviving end of its pipe, and forgets its copies', async () => {
    const { cascade, count } = setup();
    await cascade.carry('p1', 'origin/0', 'district/0');
    await cascade.discard(['district/0']);
    expect(count('district', 'closeRouter')).toBe(1);
    expect(count('province', 'closeTransport')).toBe(1); // the province end of province>district
    await cascade.carry('p1', 'origin/0', 'district/0'); // rebuilt on the next need
    expect(count('district', 'createRouter')).toBe(2);
    expect(count('origin', 'pipeConsume')).toBe(1); // the province copy was kept
  });
});
