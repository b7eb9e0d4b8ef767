import { defaultSource, LienthongError, type ProgramTrack } from '@lienthong/contracts';
import { Device, FakeHandler, testFakeParameters } from 'mediasoup-client';
import { describe, expect, it, vi } from 'vitest';
import { MediaSession, type ProgramMedia } from '../src/site/media-session';
import type { DtlsIdentity } from '../src/site/dtls-identity';
import type { SiteRequester } from '../src/site/signaling';

/** A control plane that answers like the real one, with mediasoup-client's fake parameters. */
/** `readyIgnored`: a control plane (or node) that does not make media ready to use (`ReadyMedia`). */
function fakeSignaling(gone: Set<string> = new Set(), closedOnNode: Set<string> = new Set(), refusals: Partial<Record<string, LienthongError>> = {}, readyIgnored = false) {
  const calls: { name: string; request: Record<string, unknown> }[] = [];
  const requester = {
    async request(name: string, request: Record<string, unknown>) {
      calls.push({ name, request });
      if (refusals[name]) throw refusals[name];
      if (typeof request.consumerId === 'string' && closedOnNode.has(request.consumerId)) throw new LienthongError('NOT_FOUND', `no consumer ${request.consumerId} on this node`);
      const consumerOf = (producerId: string) => {
        const kind = producerId.startsWith('v') ? 'video' : 'audio';
        const params = testFakeParameters.generateConsumerRemoteParameters({ codecMimeType: kind === 'video' ? 'video/VP8' : 'audio/opus' });
        return { ...params, id: `c-${producerId}`, producerId, kind };
      };
      switch (name) {
        case 'openMedia':
          return {
            recv: testFakeParameters.generateTransportRemoteParameters(),
            send: request.send ? testFakeParameters.generateTransportRemoteParameters() : null,
            // A track that left the program meanwhile is missing from the answer, as on the server.
            consumers: (request.consume as string[]).filter((id) => !gone.has(id)).map(consumerOf),
            ...(request.ready && !readyIgnored ? { ready: true } : {}),
          };
        case 'produce':
          return { producerId: `p-${String(request.kind)}` };
        case 'produceTracks':
          return { producerIds: (request.tracks as { kind: string }[]).map((t) => `p-${t.kind}`) };
        case 'consume': {
          const producerId = String(request.producerId);
          if (gone.has(producerId)) throw new LienthongError('NOT_FOUND', 'producer left');
          return consumerOf(producerId);
        }
        default:
          return {};
      }
    },
  } as unknown as SiteRequester;
  return { requester, calls };
}

function recordingListener() {
  const published: { media: ProgramMedia; videoConsumers: number }[] = [];
  return {
    published,
    listener: {
      programMediaChanged: (media: ProgramMedia, videoConsumers: number) => published.push({ media, videoConsumers }),
      transportStateChanged: () => undefined,
      transportFailed: () => undefined,
    },
  };
}

const fakeDevice = async () => new Device({ handlerFactory: FakeHandler.createFactory(testFakeParameters) });

const track = (producerId: string, kind: 'audio' | 'video', siteName = 'Hội trường Trung ương', source = defaultSource(kind)): ProgramTrack => ({
  producerId,
  kind,
  source,
  siteId: `site-${siteName}`,
  siteName,
  unitName: 'Trung ương',
});

/** The site the session belongs to (a commune), unless a test says otherwise. */
const ownSite = 'site-Xã Đông Sơn';

async function openSession(gone?: Set<string>, self = { siteId: ownSite, seesOwnVideo: false }, refusals?: Partial<Record<string, LienthongError>>) {
  const signaling = fakeSignaling(gone, undefined, refusals);
  const recorder = recordingListener();
  const session = new MediaSession(signaling.requester, recorder.listener, self, fakeDevice);
  await session.load(testFakeParameters.generateRouterRtpCapabilities());
  await session.open([]);
  return { session, ...signaling, ...recorder };
}

describe('MediaSession', () => {
  it('opens both transports and the program in one request, and connects and starts every consumer with one more', async () => {
    const signaling = fakeSignaling(new Set(['v-left']));
    const recorder = recordingListener();
    const session = new MediaSession(signaling.requester, recorder.listener, { siteId: ownSite, seesOwnVideo: false }, fakeDevice);
    await session.load(testFakeParameters.generateRouterRtpCapabilities());
    void session.setReceiveLevel('low');
    // Its own sound is never asked for; a track that left on the way is simply not consumed.
    await session.open([track('v1', 'video'), track('a1', 'audio'), track('a-own', 'audio', 'Xã Đông Sơn')]);
    const names = signaling.calls.map((c) => c.name);
    // The receive transport's DTLS parameters ride with the start: no connectTransport of their own.
    expect(names).toEqual(['openMedia', 'startConsumers']);
    expect(signaling.calls[0]!.request).toMatchObject({ send: true, consume: ['v1', 'a1'] });
    // The low level's small layer is asked for as the video starts, not in a request of its own.
    expect(signaling.calls[1]!.request.consumers).toEqual([{ consumerId: 'c-v1', preferredLayers: { spatialLayer: 0 } }, { consumerId: 'c-a1' }]);
    expect(signaling.calls[1]!.request.connect).toMatchObject({ transportId: expect.any(String), dtlsParameters: { fingerprints: expect.any(Array) } });
    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v1']);
    expect(recorder.published.at(-1)!.media.video?.siteName).toBe('Hội trường Trung ương');
    // Later changes go one track at a time, as before.
    await session.syncProgram([track('a1', 'audio')]);
    expect(session.consumerIds()).toEqual(['c-a1']);
  });

  it('on audio only, opens the program with its video left paused on the node', async () => {
    const signaling = fakeSignaling();
    const session = new MediaSession(signaling.requester, recordingListener().listener, { siteId: ownSite, seesOwnVideo: false }, fakeDevice);
    await session.load(testFakeParameters.generateRouterRtpCapabilities());
    void session.setReceiveLevel('audio');
    await session.open([track('v1', 'video'), track('a1', 'audio')]);
    expect(signaling.calls.find((c) => c.name === 'startConsumers')!.request.consumers).toEqual([{ consumerId: 'c-a1' }]);
    // Back to the full picture: the video starts where it stood.
    await session.setReceiveLevel('full');
    expect(signaling.calls.at(-1)).toMatchObject({ name: 'setConsumerPaused', request: { consumerId: 'c-v1', paused: false } });
  });

  it('consumes every program track, resumes each consumer and publishes the picture', async () => {
    const { session, calls, published } = await openSession();
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio')]);

    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v1']);
    expect(calls.filter((c) => c.name === 'resumeConsumer').map((c) => c.request.consumerId)).toEqual(['c-v1', 'c-a1']);
    expect(calls.filter((c) => c.name === 'connectTransport')).toHaveLength(1);
    const last = published.at(-1)!;
    expect(last.videoConsumers).toBe(1);
    expect(last.media.video?.siteName).toBe('Hội trường Trung ương');
    expect(last.media.audio).toHaveLength(1);
  });

  it('takes a consumer the node already closed (the program moved on while its resume travelled) as no failure', async () => {
    const signaling = fakeSignaling(new Set(), new Set(['c-v1']));
    const session = new MediaSession(signaling.requester, recordingListener().listener, { siteId: ownSite, seesOwnVideo: false }, fakeDevice);
    await session.load(testFakeParameters.generateRouterRtpCapabilities());
    await session.open([]);
    await expect(session.syncProgram([track('v1', 'video'), track('a1', 'audio')])).resolves.toBeUndefined();
    await expect(session.setReceiveLevel('low')).resolves.toBeUndefined();
    expect(signaling.calls.filter((c) => c.name === 'resumeConsumer').map((c) => c.request.consumerId)).toEqual(['c-v1', 'c-a1']);
  });

  it('closes consumers whose producer left and consumes only new tracks', async () => {
    const { session, calls, published } = await openSession();
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio')]);
    await session.syncProgram([track('a1', 'audio'), track('v2', 'video', 'Xã Tân Lập')]);

    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v2']);
    expect(calls.filter((c) => c.name === 'consume').map((c) => c.request.producerId)).toEqual(['v1', 'a1', 'v2']);
    expect(published.at(-1)!.media.video?.siteName).toBe('Xã Tân Lập');
  });

  it('receives only the video it shows: the floor holder after the hall; the hall video goes when the floor comes', async () => {
    const { session, published, calls } = await openSession();
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio')]);
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio'), track('v2', 'video', 'Tỉnh Lào Cai'), track('a2', 'audio', 'Tỉnh Lào Cai')]);
    expect(published.at(-1)!.videoConsumers).toBe(1);
    expect(published.at(-1)!.media.video?.siteName).toBe('Tỉnh Lào Cai');
    expect(published.at(-1)!.media.audio).toHaveLength(2);
    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-a2', 'c-v2']);
    // The floor is taken back: the hall's video is received again.
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio')]);
    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v1']);
    expect(calls.filter((c) => c.name === 'consume').map((c) => c.request.producerId)).toEqual(['v1', 'a1', 'v2', 'a2', 'v1']);
  });

  it('never receives its own tracks back: the floor holder sees and hears the hall', async () => {
    const { session, published } = await openSession(undefined, { siteId: 'site-Tỉnh Lào Cai', seesOwnVideo: false });
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio'), track('v2', 'video', 'Tỉnh Lào Cai'), track('a2', 'audio', 'Tỉnh Lào Cai')]);
    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v1']);
    expect(published.at(-1)!.media.video?.siteName).toBe('Hội trường Trung ương');
  });

  it('the hall sees its own picture come back (never its sound) until a floor holder replaces it', async () => {
    const hall = { siteId: 'site-Hội trường Trung ương', seesOwnVideo: true };
    const { session, published } = await openSession(undefined, hall);
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio')]);
    expect(session.consumerIds()).toEqual(['c-v1']);
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio'), track('v2', 'video', 'Tỉnh Lào Cai'), track('a2', 'audio', 'Tỉnh Lào Cai')]);
    expect(session.consumerIds().sort()).toEqual(['c-a2', 'c-v2']);
    expect(published.at(-1)!.media.video?.siteName).toBe('Tỉnh Lào Cai');
  });

  it('receives the presentation beside the speaker, and lets it go when sharing stops', async () => {
    const { session, published } = await openSession();
    const slides = track('vp1', 'video', 'Hội trường Trung ương', 'presentation');
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio'), slides]);
    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v1', 'c-vp1']);
    const shown = published.at(-1)!;
    expect(shown.media.presentation?.siteName).toBe('Hội trường Trung ương');
    expect(shown.media.video?.track).not.toBe(shown.media.presentation?.track);
    // The speaker's picture is counted apart: the presentation never stands in for it.
    expect(shown.videoConsumers).toBe(1);
    // A floor holder's camera comes after the hall's: still the speaker, the slides stay.
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio'), slides, track('v2', 'video', 'Tỉnh Lào Cai')]);
    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v2', 'c-vp1']);
    expect(published.at(-1)!.media.video?.siteName).toBe('Tỉnh Lào Cai');
    await session.syncProgram([track('v1', 'video'), track('a1', 'audio')]);
    expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v1']);
    expect(published.at(-1)!.media.presentation).toBeNull();
  });

  it("a presenting floor holder does not receive its own screen; the hall does, as a confidence return", async () => {
    const program = [track('v1', 'video'), track('a1', 'audio'), track('v2', 'video', 'Tỉnh Lào Cai'), track('vp2', 'video', 'Tỉnh Lào Cai', 'presentation')];
    const holder = await openSession(undefined, { siteId: 'site-Tỉnh Lào Cai', seesOwnVideo: false });
    await holder.session.syncProgram(program);
    expect(holder.session.consumerIds().sort()).toEqual(['c-a1', 'c-v1']);
    const hall = await openSession(undefined, { siteId: 'site-Hội trường Trung ương', seesOwnVideo: true });
    await hall.session.syncProgram([track('v1', 'video'), track('a1', 'audio'), track('vp1', 'video', 'Hội trường Trung ương', 'presentation')]);
    expect(hall.session.consumerIds().sort()).toEqual(['c-v1', 'c-vp1']);
  });

  it('consumes a presentation afresh when it decodes nothing for 4 s (a new consumer asks for a keyframe again)', async () => {
    const clock = vi.spyOn(performance, 'now').mockReturnValue(1_000);
    try {
      const { session, calls, published } = await openSession();
      const slides = track('vp1', 'video', 'Hội trường Trung ương', 'presentation');
      await session.syncProgram([track('v1', 'video'), slides]);
      const consumes = () => calls.filter((c) => c.name === 'consume' && c.request.producerId === 'vp1').length;
      await session.healPresentation();
      expect(consumes()).toBe(1); // a slow start is not a stuck one
      clock.mockReturnValue(5_500); // the fake handler's consumer never decodes a frame
      await session.healPresentation();
      expect(consumes()).toBe(2);
      expect(published.at(-1)!.media.presentation).not.toBeNull();
      // Switched to the small layer: stuck there too, it is consumed afresh.
      clock.mockReturnValue(6_000);
      await session.setReceiveLevel('low');
      clock.mockReturnValue(7_000); // first look after the switch: what it decoded so far
      await session.healPresentation();
      clock.mockReturnValue(10_000);
      await session.healPresentation();
      expect(consumes()).toBe(2);
      clock.mockReturnValue(11_500);
      await session.healPresentation();
      expect(consumes()).toBe(3);
      // Sound only: nothing is expected to arrive, nothing is healed.
      await session.setReceiveLevel('audio');
      clock.mockReturnValue(20_000);
      await session.healPresentation();
      expect(consumes()).toBe(3);
    } finally {
      clock.mockRestore();
    }
  });

  it('skips a producer that left before it could be consumed', async () => {
    const { session } = await openSession(new Set(['v9']));
    await session.syncProgram([track('v9', 'video'), track('a1', 'audio')]);
    expect(session.consumerIds()).toEqual(['c-a1']);
  });

  it('applies overlapping program changes in order', async () => {
    const { session } = await openSession();
    const first = session.syncProgram([track('v1', 'video')]);
    const second = session.syncProgram([]);
    await Promise.all([first, second]);
    expect(session.consumerIds()).toEqual([]);
  });

  it('does nothing after close', async () => {
    const { session, calls } = await openSession();
    session.close();
    await session.syncProgram([track('v1', 'video')]);
    expect(calls.some((c) => c.name === 'consume')).toBe(false);
  });

  const fakeTrack = (kind: string) =>
    ({ id: `${kind}-1`, kind, readyState: 'live', enabled: true, addEventListener() {}, removeEventListener() {} }) as unknown as MediaStreamTrack;
  const cameraAndMicrophone = {
    getVideoTracks: () => [fakeTrack('video')],
    getAudioTracks: () => [fakeTrack('audio')],
  } as unknown as MediaStream;

  it('produces two-layer simulcast video and audio on a send transport, paused until told to send', async () => {
    const { session, calls } = await openSession();
    await session.sendLocalMedia(cameraAndMicrophone, { video: false, audio: false, smallVideoOnly: false });
    expect(session.sending).toEqual({ video: false, audio: false, smallVideoOnly: false });
    const settled = () => new Promise((r) => setTimeout(r, 10)); // the layer switch is async
    session.setSending({ video: true, audio: false, smallVideoOnly: true }); // a thumbnail
    await settled();
    expect(session.sending).toEqual({ video: true, audio: false, smallVideoOnly: true });
    session.setSending({ video: true, audio: true, smallVideoOnly: false }); // the floor
    await settled();
    expect(session.sending).toEqual({ video: true, audio: true, smallVideoOnly: false });
    // The send transport came with the receive one (openMedia), and is the one produced on.
    expect(calls.filter((c) => c.name === 'openMedia').map((c) => c.request.send)).toEqual([true]);
    // Both tracks in one request, which connects the send transport too; never a request of its own.
    expect(calls.filter((c) => c.name === 'produce')).toEqual([]);
    const produced = calls.filter((c) => c.name === 'produceTracks').map((c) => c.request);
    expect(produced).toHaveLength(1);
    const [{ transportId, dtlsParameters, tracks }] = produced as [{ transportId: string; dtlsParameters: unknown; tracks: { kind: string; rtpParameters: { encodings: unknown[] } }[] }];
    expect(tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
    expect(dtlsParameters).toMatchObject({ fingerprints: expect.any(Array) });
    expect(calls.filter((c) => c.name === 'connectTransport' && c.request.transportId === transportId)).toEqual([]);
    expect(tracks[0]!.rtpParameters.encodings).toHaveLength(2); // small, full
    // (Opus FEC/DTX are applied by the real browser handlers' SDP munging, not by FakeHandler.)
  });
  it('makes one track per request against a control plane of the version before (produceTracks unknown there)', async () => {
    const { session, calls } = await openSession(undefined, undefined, { produceTracks: new LienthongError('UNKNOWN_MESSAGE', "Unknown message 'produceTracks'") });
    await session.sendLocalMedia(cameraAndMicrophone, { video: false, audio: false, smallVideoOnly: false });
    const produced = calls.filter((c) => c.name === 'produce').map((c) => c.request);
    expect(produced.map((r) => r.kind)).toEqual(['video', 'audio']);
    // The connect the refused request carried goes again, with the first track.
    expect(produced[0]!.dtlsParameters).toMatchObject({ fingerprints: expect.any(Array) });
    expect(produced[1]!.dtlsParameters).toBeUndefined();
    expect(session.sentCodecs().map((c) => c.kind)).toEqual(['video', 'audio']);
  });

  it('keeps no producer when the control plane refuses the tracks', async () => {
    const { session, calls } = await openSession(undefined, undefined, { produceTracks: new LienthongError('FORBIDDEN', 'not this site') });
    await expect(session.sendLocalMedia(cameraAndMicrophone, { video: false, audio: false, smallVideoOnly: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(session.sentCodecs()).toEqual([]);
    expect(calls.filter((c) => c.name === 'produce')).toEqual([]);
  });

  describe('receive level (audio only, low bandwidth)', () => {
    const levelCalls = (calls: { name: string; request: Record<string, unknown> }[]) =>
      calls
        .filter((c) => ['resumeConsumer', 'setConsumerPaused', 'setPreferredLayers'].includes(c.name))
        .map((c) => [c.name, c.request.consumerId, c.request.paused ?? c.request.spatialLayer]);

    it('pauses and restarts only video consumers, and sets the layer back when leaving sound only', async () => {
      const { session, calls } = await openSession();
      await session.syncProgram([track('v1', 'video'), track('a1', 'audio')]);
      calls.length = 0;
      await session.setReceiveLevel('low');
      await session.setReceiveLevel('audio');
      await session.setReceiveLevel('audio');
      await session.setReceiveLevel('full');
      expect(levelCalls(calls)).toEqual([
        ['setPreferredLayers', 'c-v1', 0],
        ['setConsumerPaused', 'c-v1', true],
        ['setPreferredLayers', 'c-v1', 3],
        ['setConsumerPaused', 'c-v1', false],
      ]);
    });

    it('leaves a new video consumer paused on the node in sound only, and starts one on the small layer in low bandwidth', async () => {
      const { session, calls } = await openSession();
      await session.setReceiveLevel('audio');
      await session.syncProgram([track('v1', 'video'), track('a1', 'audio')]);
      expect(levelCalls(calls)).toEqual([['resumeConsumer', 'c-a1', undefined]]);

      const other = await openSession();
      await other.session.setReceiveLevel('low');
      await other.session.syncProgram([track('v2', 'video')]);
      expect(levelCalls(other.calls)).toEqual([
        ['setPreferredLayers', 'c-v2', 0],
        ['resumeConsumer', 'c-v2', undefined],
      ]);
    });
  });

  describe('with the page\'s DTLS certificate made beforehand (ReadyMedia)', () => {
    /** FakeHandler's transports all say these parameters: the certificate of a fake page. */
    const identity = (fingerprint?: string): DtlsIdentity => {
      const own = testFakeParameters.generateLocalDtlsParameters();
      return {
        peerConnectionSettings: {},
        dtlsParameters: { role: 'client', fingerprints: fingerprint ? [{ algorithm: 'sha-256', value: fingerprint }] : own.fingerprints.map((f) => ({ ...f })) },
        unusable: false,
      };
    };
    const program = [track('v1', 'video'), track('a1', 'audio')];

    async function openReady(id: DtlsIdentity, level: 'full' | 'low' = 'full', readyIgnored = false) {
      const signaling = fakeSignaling(undefined, undefined, undefined, readyIgnored);
      const session = new MediaSession(signaling.requester, recordingListener().listener, { siteId: ownSite, seesOwnVideo: false }, fakeDevice, id);
      await session.load(testFakeParameters.generateRouterRtpCapabilities());
      void session.setReceiveLevel(level);
      return { session, calls: signaling.calls, opening: session.open(program) };
    }

    it('asks its media ready, and then neither connects a transport nor starts a consumer: the tracks go without DTLS parameters', async () => {
      const id = identity();
      const { session, calls, opening } = await openReady(id);
      await opening;
      expect(calls[0]!.request.ready).toEqual({ dtlsParameters: id.dtlsParameters, startConsumers: true });
      await session.sendLocalMedia(cameraAndMicrophone, { video: false, audio: false, smallVideoOnly: false });
      expect(calls.map((c) => c.name)).toEqual(['openMedia', 'produceTracks']);
      expect(calls[1]!.request.dtlsParameters).toBeUndefined();
      expect(session.openedReady).toBe(true);
      expect(session.consumerIds().sort()).toEqual(['c-a1', 'c-v1']);
      // Started at the full level by the node: a later level moves the picture from there.
      await session.setReceiveLevel('audio');
      expect(calls.at(-1)).toMatchObject({ name: 'setConsumerPaused', request: { consumerId: 'c-v1', paused: true } });
    });

    it('at a lower level, asks only for the transports connected and starts its consumers at their layer, without a connect', async () => {
      const { calls, opening } = await openReady(identity(), 'low');
      await opening;
      expect(calls[0]!.request.ready).toMatchObject({ startConsumers: false });
      expect(calls.map((c) => c.name)).toEqual(['openMedia', 'startConsumers']);
      expect(calls[1]!.request).toEqual({ consumers: [{ consumerId: 'c-v1', preferredLayers: { spatialLayer: 0 } }, { consumerId: 'c-a1' }] });
    });

    it('connects and starts as before where the media was not made ready (a control plane or node of the version before)', async () => {
      const { session, calls, opening } = await openReady(identity(), 'full', true);
      await opening;
      await session.sendLocalMedia(cameraAndMicrophone, { video: false, audio: false, smallVideoOnly: false });
      expect(calls.map((c) => c.name)).toEqual(['openMedia', 'startConsumers', 'produceTracks']);
      expect(calls[1]!.request.connect).toMatchObject({ dtlsParameters: { fingerprints: expect.any(Array) } });
      expect(calls[2]!.request.dtlsParameters).toMatchObject({ fingerprints: expect.any(Array) });
      expect(session.openedReady).toBe(false);
    });

    it('fails the transport whose own DTLS parameters are not those announced, and stops using the certificate', async () => {
      const id = identity(`${'EE:'.repeat(31)}EE`);
      const { session, opening } = await openReady(id);
      await expect(opening).rejects.toMatchObject({ code: 'MEDIA_FAILED' });
      expect(id.unusable).toBe(true);
      // The next join connects its transports as before.
      expect(session.readyMedia()).toBeUndefined();
    });
  });
});
