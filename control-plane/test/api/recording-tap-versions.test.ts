// A rolling update mixes recorder and control-plane versions (the tap gained a presentation port):
// on a real control plane, Redis and PostgreSQL, with a fake media node, recorders of three
// versions open taps while the hall shares its screen. One that records no presentation still
// gets the program; one that does gets the screen too; the answer says what the tap honours.
import { callMessage, namespaces, recorderRequests, siteRequests, type RequestOf, type RecorderRequests } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { planeWithFakeNodeForTests } from '../support/fake-node.js';

const vp8 = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1111 }] };
const opus = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 2222 }] };
const port = (n: number) => ({ ip: '127.0.0.1', port: n });

describe('the recording tap across versions', () => {
  const setup = planeWithFakeNodeForTests('tap-node');
  const plane = () => setup.plane();
  const node = () => setup.node();
  const sockets = setup.sockets;

  it('gives an old recorder the program without the screen, and the screen to recorders that record it', async () => {
    const conferenceId = plane().seed.conferenceId;
    const hall = await sockets.connect(namespaces.site, { token: await plane().tokens.signSite({ sub: plane().seed.hallSiteId, conf: conferenceId }, 600) });
    await callMessage(hall, siteRequests, 'join', {});
    const send = await callMessage(hall, siteRequests, 'createTransport', { direction: 'send' });
    const camera = (await callMessage(hall, siteRequests, 'produce', { transportId: send.id, kind: 'video', rtpParameters: vp8 })).producerId;
    const microphone = (await callMessage(hall, siteRequests, 'produce', { transportId: send.id, kind: 'audio', rtpParameters: opus })).producerId;
    const screen = (await callMessage(hall, siteRequests, 'produce', { transportId: send.id, kind: 'video', rtpParameters: vp8, source: 'presentation' })).producerId;

    const recorder = await sockets.connect(namespaces.recorder, { token: await plane().tokens.signRecorder({ sub: 'recorder-versions' }) });
    const { id: recordingId } = await plane().recordings.start(conferenceId, null);
    const state = await callMessage(recorder, recorderRequests, 'recordingState', { recordingId });
    expect(state.program.map((t) => t.producerId).sort()).toEqual([camera, microphone, screen].sort());

    /** A tap opened with `request`: the producers it consumes (to which port), and the features it honours. */
    const tap = async (request: Omit<RequestOf<RecorderRequests, 'openTap'>, 'recordingId'>) => {
      const answer = await callMessage(recorder, recorderRequests, 'openTap', { recordingId, ...request });
      await callMessage(recorder, recorderRequests, 'closeTap', { tapId: answer.tapId });
      return { tracks: Object.fromEntries(answer.tracks.map((t) => [t.producerId, t.port])), features: answer.features };
    };

    // A recorder from before presentations (no port, no features): camera and sound, the screen left out.
    expect(await tap({ video: port(51000), audio: [port(51004)] })).toEqual({ tracks: { [camera]: 51000, [microphone]: 51004 }, features: [] });
    // The first presentation release: its presentation port says it records the screen.
    expect(await tap({ video: port(51000), presentation: port(51002), audio: [port(51004)] })).toEqual({
      tracks: { [camera]: 51000, [screen]: 51002, [microphone]: 51004 },
      features: ['presentation'],
    });
    // This release states its features; one it does not know (a later release's) is ignored.
    expect(await tap({ video: port(51000), presentation: port(51002), audio: [port(51004)], features: ['presentation', 'captions'] })).toEqual({
      tracks: { [camera]: 51000, [screen]: 51002, [microphone]: 51004 },
      features: ['presentation'],
    });
    // Stating the presentation without a port to send it to is refused before any consumer is made.
    const consumed = node().calls.filter((c) => c.name === 'consume').length;
    await expect(callMessage(recorder, recorderRequests, 'openTap', { recordingId, video: port(51000), audio: [port(51004)], features: ['presentation'] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(node().calls.filter((c) => c.name === 'consume')).toHaveLength(consumed);
  });
});
