import type { ConsumerParams } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import type { PreviewOutput } from '../../src/live/room-previews.js';
import { threeSiteRoom } from '../support/three-site-room.js';

/** A worker above the hot mark sheds what can be shed first: the consoles' thumbnails it forwards. */
describe('thumbnails on a hot worker', () => {
  it('are closed while the worker is hot, stay wanted, and come back once it cools down', async () => {
    const { room, a, province } = await threeSiteRoom();
    const events: string[] = [];
    const output: PreviewOutput = {
      started: (siteId: string, _consumer: ConsumerParams) => void events.push(`started:${siteId}`),
      stopped: (siteId: string) => void events.push(`stopped:${siteId}`),
      lost: () => void events.push('lost'),
    };
    await room.previews.open('console-hn', ['TW', 'HN'], output);
    await room.previews.createTransport('console-hn', { codecs: [] });
    room.previews.want('console-hn', ['a']);
    await room.previews.idle();
    expect(events).toEqual(['started:a']);
    const heat = (cpu: number) => (province.workers = province.workers.map((w) => ({ ...w, cpu })));

    province.calls.length = 0;
    heat(0.95);
    room.previews.checkHeat();
    await room.previews.idle();
    expect(events).toEqual(['started:a', 'stopped:a']);
    expect(province.calls.map((c) => c.name)).toEqual(['closeConsumer']);
    // Still wanted: the site's camera keeps going for when the thumbnail returns.
    expect(room.previews.watches('a')).toBe(true);
    expect(province.calls.filter((c) => c.name === 'pauseProducer').map((c) => c.req.producerId)).not.toContain(a.video);

    // A console changing its mind while the worker is hot gets nothing new.
    room.previews.want('console-hn', ['a']);
    room.previews.checkHeat();
    await room.previews.idle();
    expect(events).toEqual(['started:a', 'stopped:a']);

    heat(0.4);
    room.previews.checkHeat();
    await room.previews.idle();
    expect(events).toEqual(['started:a', 'stopped:a', 'started:a']);
    await room.previews.close('console-hn');
  });
});
