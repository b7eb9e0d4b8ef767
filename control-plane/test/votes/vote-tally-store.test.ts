import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { VoteTallyStore } from '../../src/votes/vote-tally-store.js';
import { testRedisUrl, uniqueRedisPrefix } from '../support/control-plane.js';
import { forgetRedisPrefix } from '@lienthong/testing/redis-keys';

/**
 * The live tally's Redis script on the real test Redis. A site's page sends zeros for the options
 * nobody chose; a correction of such counts once failed inside the script (Lua's -0 reached
 * HINCRBY as "-0"), and the page got an internal error instead of its answer.
 */
const redis = new Redis(testRedisUrl);
const prefix = uniqueRedisPrefix();
const store = new VoteTallyStore(redis, prefix);
afterAll(async () => {
  await forgetRedisPrefix(redis, prefix);
  redis.disconnect();
});

const openVote = async () => {
  const voteId = randomUUID();
  await store.open(voteId, new Date(Date.now() + 60_000));
  return voteId;
};

describe('the live vote tally', () => {
  it.each([
    { first: [20, 10, 0], second: [25, 5, 0] },
    { first: [0, 0, 0], second: [0, 30, 0] },
    { first: [30, 0, 0], second: [0, 0, 30] },
    { first: [35, 3, 2], second: [38, 1, 1] },
  ])('corrects $first to $second, counted once', async ({ first, second }) => {
    const voteId = await openVote();
    expect(await store.enter(voteId, 'site-a', 'DN', first, Date.now())).toEqual({ kind: 'entered', revision: 1 });
    expect(await store.enter(voteId, 'site-a', 'DN', second, Date.now())).toEqual({ kind: 'corrected', revision: 2 });
    const tally = await store.tally(voteId, 3);
    expect(tally.totals).toEqual(second);
    expect(tally.voted).toBe(1);
    expect(tally.groups.get('DN')).toEqual({ voted: 1, counts: second });
    expect(await store.entry(voteId, 'site-a')).toEqual({ revision: 2, counts: second });
  });

  it('keeps other sites and units apart when one site corrects', async () => {
    const voteId = await openVote();
    await store.enter(voteId, 'site-a', 'HN', [50, 5, 5], Date.now());
    await store.enter(voteId, 'site-b', 'DN', [20, 10, 0], Date.now());
    await store.enter(voteId, 'site-b', 'DN', [25, 5, 0], Date.now());
    const tally = await store.tally(voteId, 3);
    expect(tally.totals).toEqual([75, 10, 5]);
    expect(tally.voted).toBe(2);
    expect(tally.groups.get('HN')).toEqual({ voted: 1, counts: [50, 5, 5] });
    expect(tally.groups.get('DN')).toEqual({ voted: 1, counts: [25, 5, 0] });
  });

  it('refuses entries once closed', async () => {
    const voteId = await openVote();
    await store.enter(voteId, 'site-a', 'DN', [1, 0, 0], Date.now());
    expect(await store.close(voteId)).toBe(true);
    expect(await store.enter(voteId, 'site-a', 'DN', [0, 1, 0], Date.now())).toEqual({ kind: 'closed' });
    expect(await store.enter(randomUUID(), 'site-a', 'DN', [0, 1, 0], Date.now())).toEqual({ kind: 'unknown' });
  });
});
