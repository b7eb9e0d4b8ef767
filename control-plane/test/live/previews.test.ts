import type { ConsumerParams } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import type { PreviewOutput } from '../../src/live/room-previews.js';
import { rtp, threeSiteRoom } from '../support/three-site-room.js';

/** A console's side of the previews: what it was told, in order. */
function consoleOutput() {
  const events: string[] = [];
  const consumers = new Map<string, ConsumerParams>();
  const output: PreviewOutput = {
    started: (siteId, consumer) => {
      events.push(`started:${siteId}`);
      consumers.set(siteId, consumer);
    },
    stopped: (siteId) => {
      events.push(`stopped:${siteId}`);
      consumers.delete(siteId);
    },
    lost: () => void events.push('lost'),
  };
  return { output, events, consumers };
}

async function openConsole(room: Awaited<ReturnType<typeof threeSiteRoom>>['room'], viewerId: string, ancestry: string[]) {
  const seen = consoleOutput();
  await room.previews.open(viewerId, ancestry, seen.output);
  await room.previews.createTransport(viewerId, { codecs: [] });
  return seen;
}

describe('on-demand thumbnails of sites', () => {
  it("a province console previewing a commune: only the commune's camera is resumed, at the lowest layer, on the province's router", async () => {
    const fixture = await threeSiteRoom();
    const { room, a, province, central, lastState } = fixture;
    const hn = await openConsole(room, 'console-hn', ['TW', 'HN']);
    // The console's receiver is in the plan as a viewer, on the commune's router (its operator's province).
    expect(room.plan.sites.get('console-hn')).toMatchObject({ site: { kind: 'viewer' }, router: room.plan.sites.get('a')?.router });
    province.calls.length = 0;
    central.calls.length = 0;

    room.previews.want('console-hn', ['a']);
    await room.previews.idle();
    expect(hn.events).toEqual(['started:a']);
    expect(hn.consumers.get('a')?.producerId).toBe(a.video);
    expect(province.calls.filter((c) => c.name === 'resumeProducer').map((c) => c.req.producerId)).toEqual([a.video]);
    expect(province.calls.find((c) => c.name === 'setConsumerPreferredLayers')?.req).toMatchObject({ spatialLayer: 0 });
    // Same router: nothing crosses a pipe, and the central node is not involved.
    expect(central.calls).toEqual([]);
    expect(lastState(a.session)).toMatchObject({ previewed: true, sending: false });
    expect(room.programTracks().map((t) => t.siteId)).not.toContain('a');

    await room.previews.resume('console-hn', hn.consumers.get('a')!.id);
    await expect(room.previews.resume('console-hn', 'someone-elses')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    room.previews.want('console-hn', []);
    await room.previews.idle();
    expect(hn.events).toEqual(['started:a', 'stopped:a']);
    expect(province.calls.filter((c) => c.name === 'closeConsumer')).toHaveLength(1);
    expect(province.calls.filter((c) => c.name === 'pauseProducer').map((c) => c.req.producerId)).toEqual([a.video]);
    expect(lastState(a.session)).toMatchObject({ previewed: false, sending: false });
  });

  it("a central console's thumbnail is carried up the pipe, and its copy closes when nobody wants it", async () => {
    const { room, a, central, log } = await threeSiteRoom();
    const tw = await openConsole(room, 'console-tw', ['TW']);
    log.length = 0;
    room.previews.want('console-tw', ['a']);
    await room.previews.idle();
    expect(tw.events).toEqual(['started:a']);
    expect(log).toEqual(expect.arrayContaining(['province:resumeProducer', 'central:pipeProduce', 'central:consume']));
    expect(log.indexOf('province:resumeProducer')).toBeLessThan(log.indexOf('central:consume'));

    log.length = 0;
    room.previews.want('console-tw', []);
    await room.previews.idle();
    expect(log).toEqual(['central:closeConsumer', 'province:pauseProducer', 'central:closeProducer']);
    expect(central.calls.at(-1)?.req.producerId).toBe(a.video);
  });

  it('two consoles on one site: the camera stays on until the last one stops', async () => {
    const { room, province, a, lastState } = await threeSiteRoom();
    await openConsole(room, 'one', ['TW', 'HN']);
    await openConsole(room, 'two', ['TW', 'HN']);
    room.previews.want('one', ['a']);
    room.previews.want('two', ['a', 'b']);
    await room.previews.idle();
    province.calls.length = 0;
    room.previews.want('one', []);
    await room.previews.idle();
    expect(province.calls.filter((c) => c.name === 'pauseProducer')).toEqual([]);
    expect(lastState(a.session)?.previewed).toBe(true);
    await room.previews.close('two');
    expect(province.calls.filter((c) => c.name === 'pauseProducer').map((c) => c.req.producerId).sort()).toHaveLength(2); // a's and b's cameras
    expect(lastState(a.session)?.previewed).toBe(false);
    expect(room.plan.sites.has('two')).toBe(false);
  });

  it('a previewed site taken off the floor keeps its camera copy for the thumbnail; its microphone copy closes', async () => {
    const { room, a, central, label } = await threeSiteRoom();
    const tw = await openConsole(room, 'console-tw', ['TW']);
    room.previews.want('console-tw', ['a']);
    await room.previews.idle();
    await room.giveFloor(label('a'));
    // The floor's microphone is carried up to the origin (its camera already is, for the thumbnail).
    await expect.poll(() => central.calls.some((c) => c.name === 'pipeProduce' && c.req.producerId === a.audio)).toBe(true);
    central.calls.length = 0;
    await room.giveFloor(null);
    expect(central.calls.filter((c) => c.name === 'closeProducer').map((c) => c.req.producerId)).toEqual([a.audio]);
    expect(tw.events).toEqual(['started:a']);
  });

  it('a site that leaves stops its thumbnail; when it comes back the console gets it again by itself', async () => {
    const { room, a, join } = await threeSiteRoom();
    const hn = await openConsole(room, 'console-hn', ['TW', 'HN']);
    room.previews.want('console-hn', ['a', 'unknown-site']);
    await room.previews.idle();
    await room.leave('a', a.session);
    expect(hn.events).toEqual(['started:a', 'stopped:a']);
    const again = await join('a', ['TW', 'HN', 'HN-01']);
    await room.previews.idle();
    expect(again.admitted.stage.previewed).toBe(true);
    expect(hn.events).toEqual(['started:a', 'stopped:a', 'started:a']);
    expect(hn.consumers.get('a')?.producerId).toBe(again.video);
  });

  it('a room with a console but no site stays open; the console closing lets it go', async () => {
    const { room, hall, a, b } = await threeSiteRoom();
    await openConsole(room, 'console-tw', ['TW']);
    for (const s of [['hall', hall.session], ['a', a.session], ['b', b.session]] as const) await room.leave(s[0], s[1]);
    expect(room.isEmpty).toBe(false);
    await room.previews.close('console-tw');
    expect(room.isEmpty).toBe(true);
  });

  it("a console whose router's node is lost is told to open again; previews of sites on a lost node stop", async () => {
    const { room } = await threeSiteRoom();
    const hn = await openConsole(room, 'console-hn', ['TW', 'HN']);
    const tw = await openConsole(room, 'console-tw', ['TW']);
    room.previews.want('console-tw', ['a']);
    await room.previews.idle();
    room.nodeLost('province');
    expect(hn.events).toEqual(['lost']);
    expect(tw.events).toEqual(['started:a', 'stopped:a']);
    expect(room.plan.sites.has('console-hn')).toBe(false);
    await expect(room.previews.createTransport('console-hn', rtp)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a console without a receive transport yet makes no site send', async () => {
    const { room, lastState, a } = await threeSiteRoom();
    await room.previews.open('early', ['TW', 'HN'], consoleOutput().output);
    room.previews.want('early', ['a']);
    await room.previews.idle();
    expect(room.previews.watches('a')).toBe(false);
    // What the site was told last (on joining, when nothing since): not previewed.
    expect((lastState(a.session) ?? a.admitted.stage).previewed).toBe(false);
  });

  it('a thumbnail that failed to start still stops the camera when the site is no longer wanted', async () => {
    const { room, province, a, lastState } = await threeSiteRoom();
    const hn = await openConsole(room, 'console-hn', ['TW', 'HN']);
    const call = province.call.bind(province);
    (province as { call: typeof province.call }).call = ((name: string, req: never) =>
      name === 'consume' ? Promise.reject(new Error('consume failed')) : call(name as never, req));
    room.previews.want('console-hn', ['a']);
    await room.previews.idle();
    expect(hn.events).toEqual([]);
    expect(lastState(a.session)?.previewed).toBe(true); // resumed before the consume failed
    room.previews.want('console-hn', []);
    await room.previews.idle();
    expect(lastState(a.session)?.previewed).toBe(false);
    expect(province.calls.filter((c) => c.name === 'pauseProducer').map((c) => c.req.producerId)).toContain(a.video);
  });

  it("a site wanted by a console whose receiver's node died stops sending until the console opens again", async () => {
    const { room, lastState, a, province } = await threeSiteRoom();
    const tw = await openConsole(room, 'console-tw', ['TW']); // received on the central node
    room.previews.want('console-tw', ['a']); // a commune on the province node
    await room.previews.idle();
    expect(lastState(a.session)?.previewed).toBe(true);
    province.calls.length = 0;
    room.nodeLost('central');
    expect(tw.events).toEqual(['started:a', 'lost']);
    await expect.poll(() => lastState(a.session)?.previewed).toBe(false);
    await expect.poll(() => province.calls.filter((c) => c.name === 'pauseProducer').map((c) => c.req.producerId)).toEqual([a.video]);
  });
});
