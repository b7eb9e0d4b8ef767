import type { ProgramTrack } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { presenceRecord, restorePresence, restoreProgramEntry } from '../../src/live/presence-record.js';
import { rtp, threeSiteRoom as setup } from '../support/three-site-room.js';

const sources = (program: ProgramTrack[]) => program.map((t) => `${t.siteId}:${t.source}`);

describe('a presentation in the program', () => {
  it("the hall's shared screen joins the program as a second video, carried down like the camera; stopping ends it", async () => {
    const { room, output, hall, a, province, central } = await setup();
    const send = (await room.createTransport('hall', hall.session)).id;
    const slides = await room.produce('hall', hall.session, send, 'video', rtp, 'presentation');
    // Forwarded from the start (the hall is in the program), after its camera and microphone.
    expect(central.calls.filter((c) => c.name === 'produce').map((c) => c.req.paused)).toEqual([false, false, false]);
    expect(sources(room.programTracks())).toEqual(['hall:camera', 'hall:microphone', 'hall:presentation']);
    const pushed = output.to(a.session, 'programChanged').at(-1) as { program: ProgramTrack[] };
    expect(pushed.program.find((t) => t.producerId === slides)).toMatchObject({ kind: 'video', source: 'presentation', siteId: 'hall' });
    expect(room.stageView().presentation).toEqual({ siteId: 'hall', siteName: 'Site hall', unitName: 'TW' });

    // A commune on the province node consumes it: piped down the tree like the camera.
    const recv = (await room.createTransport('a', a.session, 'recv')).id;
    await room.consume('a', a.session, recv, slides, rtp);
    // (The hall's camera went down when the commune joined: the picture it shows is carried early.)
    const camera = room.programTracks().find((t) => t.source === 'camera')!.producerId;
    expect(province.calls.filter((c) => c.name === 'pipeProduce').map((c) => c.req.producerId)).toEqual([camera, slides]);
    expect(province.calls.filter((c) => c.name === 'consume').map((c) => c.req.producerId)).toEqual([slides]);

    expect(room.snapshot().find((s) => s.siteId === 'a')!.consumers.map((c) => c.producerId)).toEqual([slides]);
    await room.stopProducing('hall', hall.session, slides);
    expect(sources(room.programTracks())).toEqual(['hall:camera', 'hall:microphone']);
    // Its consumers closed with it: the commune holds none of them any more.
    expect(room.snapshot().find((s) => s.siteId === 'a')!.consumers).toEqual([]);
    expect(room.stageView().presentation).toBeNull();
    expect((output.to(a.session, 'programChanged').at(-1) as { program: ProgramTrack[] }).program.map((t) => t.producerId)).not.toContain(slides);
    // Its copy on the province node closes, then the hall's own producer.
    expect(province.calls.filter((c) => c.name === 'closeProducer').map((c) => c.req.producerId)).toEqual([slides]);
    expect(central.calls.filter((c) => c.name === 'closeProducer').map((c) => c.req.producerId)).toEqual([slides]);
    await expect(room.stopProducing('hall', hall.session, slides)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('one presentation per site, sent as video, only from a site in the program', async () => {
    const { room, hall, a } = await setup();
    const send = (await room.createTransport('hall', hall.session)).id;
    await expect(room.produce('hall', hall.session, send, 'audio', rtp, 'presentation')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await room.produce('hall', hall.session, send, 'video', rtp, 'presentation');
    await expect(room.produce('hall', hall.session, send, 'video', rtp, 'presentation')).rejects.toMatchObject({ code: 'SESSION_LIMIT' });
    const siteSend = (await room.createTransport('a', a.session)).id;
    await expect(room.produce('a', a.session, siteSend, 'video', rtp, 'presentation')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the floor holder presents when the hall does not; taking the floor back takes its screen out too', async () => {
    const { room, a, hall, label, lastState } = await setup();
    await room.giveFloor(label('a'));
    const send = (await room.createTransport('a', a.session)).id;
    const slides = await room.produce('a', a.session, send, 'video', rtp, 'presentation');
    expect(sources(room.programTracks())).toContain('a:presentation');
    expect(room.stageView().presentation?.siteId).toBe('a');
    // Meanwhile the hall cannot share over it.
    const hallSend = (await room.createTransport('hall', hall.session)).id;
    await expect(room.produce('hall', hall.session, hallSend, 'video', rtp, 'presentation')).rejects.toMatchObject({ code: 'CONFLICT' });

    await room.giveFloor(null);
    expect(sources(room.programTracks())).toEqual(['hall:camera', 'hall:microphone']);
    expect(room.stageView().presentation).toBeNull();
    expect(lastState(a.session)).toMatchObject({ sending: false });
    // The hall shares now; the former holder's paused screen does not come back over it with the floor.
    await room.produce('hall', hall.session, hallSend, 'video', rtp, 'presentation');
    await room.giveFloor(label('a'));
    expect(sources(room.programTracks()).filter((s) => s.endsWith('presentation'))).toEqual(['hall:presentation']);
    expect(room.programTracks().map((t) => t.producerId)).not.toContain(slides);
  });

  it('a site leaving takes its presentation out of the program', async () => {
    const { room, hall } = await setup();
    const send = (await room.createTransport('hall', hall.session)).id;
    await room.produce('hall', hall.session, send, 'video', rtp, 'presentation');
    await room.leave('hall', hall.session);
    expect(room.programTracks()).toEqual([]);
    expect(room.stageView().presentation).toBeNull();
  });
});

describe('a presentation recorded for a successor owner', () => {
  it('keeps the source of each producer and program track; older records read as camera and microphone', async () => {
    const { room, hall } = await setup();
    const send = (await room.createTransport('hall', hall.session)).id;
    const slides = await room.produce('hall', hall.session, send, 'video', rtp, 'presentation');
    const site = restorePresence(room.read('site:hall'))!;
    expect(site.producers.get(slides)?.source).toBe('presentation');
    expect(site.producers.get(hall.audio)?.source).toBe('microphone');
    expect(restoreProgramEntry(room.read(`program:${slides}`))?.track.source).toBe('presentation');

    const { source: _s, ...oldTrack } = restoreProgramEntry(room.read(`program:${hall.video}`))!.track;
    expect(restoreProgramEntry({ track: oldTrack, home: 'r' })?.track.source).toBe('camera');
    const record = presenceRecord(site);
    const oldRecord = { ...record, producers: record.producers.map(({ source: _x, ...p }) => p) };
    expect([...restorePresence(oldRecord)!.producers.values()].map((p) => p.source)).toEqual(['camera', 'microphone', 'camera']);
  });
});
