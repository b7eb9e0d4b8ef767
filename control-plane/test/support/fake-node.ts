import { randomUUID } from 'node:crypto';
import { MediaNodeHandle } from '../../src/fleet/node-registry.js';

/** A media node that answers every command as if it had carried it out (no media in these tests). */
export function fakeNode(nodeId: string, localityTags: string[], workers = 2) {
  const answer = (name: string, req: { workerIndex?: number }) =>
    name === 'createRouter' ? { routerId: randomUUID(), workerIndex: req.workerIndex ?? 0, rtpCapabilities: { codecs: [] } } : {};
  const socket = { timeout: () => ({ emitWithAck: async (name: string, req: unknown) => ({ ok: true, data: answer(name, req as never) }) }) };
  return new MediaNodeHandle(nodeId, '127.0.0.1', localityTags, workers, 600, socket);
}
