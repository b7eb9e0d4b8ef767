import { describe, expect, it } from 'vitest';
import { threeSiteRoom as setup } from '../support/three-site-room.js';

/**
 * A joining site's router gets the speaker's picture as soon as the site is placed, before the
 * browser asks for its media: a new pipe copy's keyframe request then goes out early and the hall's
 * producer holds the site's own request for less of its window (bench:join's breakdown).
 */
describe('the picture carried at join', () => {
  it('carries the shown camera (not the sound, not the site’s own) to the site’s router once, as the sites join', async () => {
    const { province, hall, a, calls } = await setup();
    // Two communes joined on the province node; neither asked to consume anything yet.
    expect(province.calls.filter((c) => c.name === 'consume')).toEqual([]);
    expect(calls('pipeProduce')).toEqual([hall.video]);
    expect(calls('pipeProduce')).not.toContain(hall.audio);
    expect(calls('pipeProduce')).not.toContain(a.video);
  });
});
