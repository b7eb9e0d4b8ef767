import type { ProgramTrack } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { rtp, threeSiteRoom as setup } from '../support/three-site-room.js';

describe('the stage of a live conference', () => {
  it('forwards only the hall until a site is given the floor; sites send paused', async () => {
    const { programOf, calls, a, province, central } = await setup();
    expect(programOf()).toEqual(['hall:video', 'hall:audio']);
    // Made paused at their node (no pause command after): outside the program nothing is forwarded.
    expect(province.calls.filter((c) => c.name === 'produce').map((c) => c.req.paused)).toEqual([true, true, true, true]);
    expect(calls('pauseProducer')).toEqual([]);
    expect(central.calls.filter((c) => c.name === 'produce').map((c) => c.req.paused)).toEqual([false, false]);
    expect(a.admitted.stage).toEqual({ handRaised: false, onFloor: false, muted: false, sending: false, previewed: false });
  });

  it('giving the floor resumes the site at its node before it enters the program; taking it back reverses that', async () => {
    const { room, programOf, calls, a, log, output, lastState, label } = await setup();
    log.length = 0;
    await room.giveFloor(label('a'));
    expect(programOf()).toEqual(['hall:video', 'hall:audio', 'a:video', 'a:audio']);
    expect(calls('resumeProducer').sort()).toEqual([a.video, a.audio].sort());
    expect(lastState(a.session)).toMatchObject({ onFloor: true, sending: true });
    const programEvents = output.sent.filter((s) => s.event === 'programChanged');
    expect((programEvents.at(-1)!.payload as { program: ProgramTrack[] }).program.map((t) => t.siteId)).toContain('a');
    // Resumed first, then carried up to the origin at once (for the recorder and every branch).
    await expect.poll(() => log.filter((l) => /(resumeProducer|pipeProduce)$/.test(l))).toEqual([
      'province:resumeProducer',
      'province:resumeProducer',
      'central:pipeProduce',
      'central:pipeProduce',
    ]);

    log.length = 0;
    await room.giveFloor(null);
    expect(programOf()).toEqual(['hall:video', 'hall:audio']);
    expect(lastState(a.session)).toMatchObject({ onFloor: false, sending: false });
    // The copies along the tree (here: at the origin) close first, then the site's node stops forwarding.
    expect(log.filter((l) => l.endsWith('Producer'))).toEqual([
      'central:closeProducer',
      'central:closeProducer',
      'province:pauseProducer',
      'province:pauseProducer',
    ]);
  });

  it('moving the floor from one site to another swaps their tracks in one go', async () => {
    const { room, programOf, label, lastState, a, b } = await setup();
    await room.giveFloor(label('a'));
    await room.giveFloor(label('b'));
    expect(programOf()).toEqual(['hall:video', 'hall:audio', 'b:video', 'b:audio']);
    expect(lastState(a.session)?.onFloor).toBe(false);
    expect(lastState(b.session)?.onFloor).toBe(true);
    expect(room.stageView().floor).toMatchObject({ siteId: 'b' });
  });

  it('keeps a raise-hand queue in order; the floor lowers the hand', async () => {
    const { room, a, b, label } = await setup();
    expect(room.raiseHand('b', b.session, true)).toMatchObject({ handRaised: true });
    room.raiseHand('a', a.session, true);
    room.raiseHand('b', b.session, true); // twice keeps its place
    expect(room.stageView().hands.map((h) => h.siteId)).toEqual(['b', 'a']);
    await room.giveFloor(label('b'));
    expect(room.stageView().hands.map((h) => h.siteId)).toEqual(['a']);
    expect(room.raiseHand('a', a.session, false).handRaised).toBe(false);
    expect(room.stageView().hands).toEqual([]);
    expect(() => room.raiseHand('a', 'stale-session', true)).toThrow(expect.objectContaining({ code: 'NOT_JOINED' }));
  });

  it('muting pauses only the microphone, and keeps it in the program so unmuting needs no new consumer', async () => {
    const { room, a, calls, programOf, label, lastState } = await setup();
    await room.giveFloor(label('a'));
    await room.setMuted('a', true);
    expect(calls('pauseProducer').filter((p) => p === a.audio)).toHaveLength(1); // muted (it was made paused)
    expect(calls('pauseProducer').filter((p) => p === a.video)).toHaveLength(0);
    expect(programOf()).toContain('a:audio');
    expect(lastState(a.session)).toMatchObject({ muted: true, onFloor: true });
    await room.setMuted('a', false);
    expect(calls('resumeProducer').filter((p) => p === a.audio)).toHaveLength(2);
    expect(room.stageView().muted).toEqual([]);
  });

  it('a site that rejoins gets its hand, floor and notices back, and re-enters the program', async () => {
    const { room, a, label, programOf, output } = await setup();
    room.raiseHand('a', a.session, true);
    room.sendNotice('Chuẩn bị phát biểu', 'Điều hành', ['a']);
    room.sendNotice('Nghỉ giải lao 10 phút', 'Điều hành', null);
    await room.leave('a', a.session);
    await room.giveFloor(label('a')); // given while it was away
    expect(programOf()).toEqual(['hall:video', 'hall:audio']);
    const again = await room.admit({ siteId: 'a', siteName: 'Site a', unitName: 'HN-01', role: 'site', unitAncestry: ['TW', 'HN', 'HN-01'] }, 'a-2');
    expect(again.stage).toEqual({ handRaised: false, onFloor: true, muted: false, sending: true, previewed: false });
    expect(again.notices.map((n) => n.text)).toEqual(['Chuẩn bị phát biểu', 'Nghỉ giải lao 10 phút']);
    const t = await room.createTransport('a', 'a-2');
    await room.produce('a', 'a-2', t.id, 'video', rtp);
    expect(programOf()).toEqual(['hall:video', 'hall:audio', 'a:video']);
    expect(output.to('b-session', 'notice')).toHaveLength(1); // the notice to all, not the one to a
  });

  it('lists the hall first and the floor holder after it, whichever produced first (a rejoin after a restart)', async () => {
    const { room, label, programOf, hall } = await setup();
    await room.giveFloor(label('a'));
    await room.leave('hall', hall.session);
    const again = 'hall-2';
    await room.admit({ siteId: 'hall', siteName: 'Site hall', unitName: 'TW', role: 'hall', unitAncestry: ['TW'] }, again);
    const t = await room.createTransport('hall', again);
    await room.produce('hall', again, t.id, 'video', rtp);
    expect(programOf()).toEqual(['hall:video', 'a:video', 'a:audio']);
  });

  it('taking the floor from the hall is a no-op; a site may send one track of each source', async () => {
    const { room, label, programOf, a } = await setup();
    await room.giveFloor(label('hall'));
    expect(room.stageView().floor).toBeNull();
    expect(programOf()).toEqual(['hall:video', 'hall:audio']);
    const t = await room.createTransport('a', a.session);
    await expect(room.produce('a', a.session, t.id, 'video', rtp)).rejects.toThrow(/already sends its camera/);
  });
});
