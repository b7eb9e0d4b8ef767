import { LienthongError } from '@lienthong/contracts';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RoomRelay, type RelayServe } from '../../src/live/ownership/room-relay.js';
import { testRedisUrl, uniqueRedisPrefix } from '../support/control-plane.js';

/** The relay between two replicas on the real Redis: calls answered, errors carried, the dead found at once. */
describe('the room relay', () => {
  const prefix = uniqueRedisPrefix();
  const connections: Redis[] = [];
  const relays: RoomRelay[] = [];
  const connect = () => {
    const r = new Redis(testRedisUrl);
    connections.push(r);
    return r;
  };
  // A timeout longer than the test's own: a call that waited for it could not pass.
  // Every replica listens on its channel: answers to its own calls come back there.
  const relayOf = async (replicaId: string, serve: RelayServe = () => Promise.reject(new LienthongError('CONFLICT', 'owns nothing'))) => {
    const relay = new RoomRelay(connect(), connect(), prefix, replicaId, pino({ level: 'silent' }), 120_000);
    relays.push(relay);
    await relay.listen(serve);
    return relay;
  };
  afterAll(() => {
    for (const r of relays) r.close();
    for (const c of connections) c.disconnect();
  });

  it("answers a call with the owner's value, and carries the owner's typed error back", async () => {
    await relayOf('owner', async ({ method, args }) => {
      if (method === 'stageView') return { asked: args };
      throw new LienthongError('NOT_FOUND', 'no such site');
    });
    const caller = await relayOf('caller');
    await expect(caller.call('owner', { conferenceId: 'c1', method: 'stageView', args: [1] })).resolves.toEqual({ asked: [1] });
    const failed = caller.call('owner', { conferenceId: 'c1', method: 'leave', args: [] });
    await expect(failed).rejects.toBeInstanceOf(LienthongError);
    await expect(failed).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('fails a call to a replica nobody listens for at once, as a timeout, so the caller looks for the next owner', async () => {
    const caller = await relayOf('survivor');
    const call = caller.call('killed-replica', { conferenceId: 'c1', method: 'stageView', args: [] });
    await expect(call).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('not listening') });
  });
});
