import { callMessage, nodeCommands } from '@lienthong/contracts';
import type { Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainProgram } from './support/plain-program.js';
import { startLinkedNode, StandInReplica } from './support/stand-in-replicas.js';

/**
 * A join's media in one command each way, on a real node (real mediasoup worker, its real
 * control channel): both transports and paused consumers of the program in `openSession`, all
 * started (each at its layer) by `startConsumers`; nothing half-made is left when it fails. And
 * a successor owner's sweep of a dead owner's console receivers (`closePeerTransports`).
 */
describe('session commands on a media node', () => {
  let linked: Awaited<ReturnType<typeof startLinkedNode>>;
  let replica: StandInReplica;
  let node: Socket;
  let routerId: string;
  let rtpCapabilities: Awaited<ReturnType<typeof createRouter>>['rtpCapabilities'];
  const producerIds: string[] = [];
  const createRouter = () => callMessage(node, nodeCommands, 'createRouter', { conferenceId: 'session-commands' });

  beforeAll(async () => {
    replica = await StandInReplica.start();
    linked = await startLinkedNode({ replicas: [replica], nodeId: 'session-node', workers: 1, rtcPorts: [18400, 18449] });
    node = await replica.node();
    ({ routerId, rtpCapabilities } = await createRouter());
    // The program: a camera (two simulcast layers) and a microphone fed over plain RTP.
    const { camera, microphone } = await plainProgram(node, routerId, rtpCapabilities);
    producerIds.push(camera, microphone);
  });
  afterAll(async () => {
    linked?.close();
    await replica?.close();
  });

  it('registers what every router it makes offers (sites load it before joining)', () => {
    expect(replica.registrations.at(-1)?.routerCapabilities).toEqual(rtpCapabilities);
  });

  it('opens both transports and paused consumers of the named tracks, skipping one that is gone', async () => {
    const opened = await callMessage(node, nodeCommands, 'openSession', {
      routerId,
      peerId: 'site-1',
      send: true,
      rtpCapabilities,
      producerIds: [...producerIds, '00000000-0000-4000-8000-000000000000'],
    });
    expect(opened.send).not.toBeNull();
    expect(opened.recv.id).not.toBe(opened.send!.id);
    expect(opened.consumers.map((c) => [c.producerId, c.kind])).toEqual([
      [producerIds[0], 'video'],
      [producerIds[1], 'audio'],
    ]);
    const [video, audio] = opened.consumers.map((c) => linked.media.consumer(c.id).object);
    expect([video!.paused, audio!.paused]).toEqual([true, true]);

    await callMessage(node, nodeCommands, 'startConsumers', { consumers: [{ consumerId: video!.id, preferredLayers: { spatialLayer: 0 } }, { consumerId: audio!.id }] });
    expect([video!.paused, audio!.paused]).toEqual([false, false]);
    expect(video!.preferredLayers?.spatialLayer).toBe(0);
  });

  it('connects a transport with the command that first needs it: the start of its consumers, its first track', async () => {
    const opened = await callMessage(node, nodeCommands, 'openSession', { routerId, peerId: 'site-4', send: true, rtpCapabilities, producerIds });
    // The browser's DTLS role is client, so the node's becomes server once connected.
    const dtlsParameters = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: `${'AB:'.repeat(31)}AB` }] };
    const role = (transportId: string) => linked.media.webRtcTransport(transportId).object.dtlsParameters.role;
    expect([role(opened.recv.id), role(opened.send!.id)]).toEqual(['auto', 'auto']);

    await callMessage(node, nodeCommands, 'startConsumers', { consumers: opened.consumers.map((c) => ({ consumerId: c.id })), connect: { transportId: opened.recv.id, dtlsParameters } });
    expect(role(opened.recv.id)).toBe('server');
    expect(opened.consumers.map((c) => linked.media.consumer(c.id).object.paused)).toEqual([false, false]);

    const opus = rtpCapabilities.codecs!.find((c) => c.mimeType === 'audio/opus')!;
    const audio = { codecs: [{ mimeType: opus.mimeType, clockRate: opus.clockRate, channels: 2, payloadType: 100 }], encodings: [{ ssrc: 4444 }] };
    await callMessage(node, nodeCommands, 'produce', { transportId: opened.send!.id, kind: 'audio', rtpParameters: audio, dtlsParameters });
    expect(role(opened.send!.id)).toBe('server');
  });

  it('makes a session ready to use when the browser told its DTLS parameters beforehand: both transports connected, consumers started as asked', async () => {
    const dtlsParameters = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: `${'CD:'.repeat(31)}CD` }] };
    const role = (transportId: string) => linked.media.webRtcTransport(transportId).object.dtlsParameters.role;
    const paused = (opened: { consumers: { id: string }[] }) => opened.consumers.map((c) => linked.media.consumer(c.id).object.paused);

    const started = await callMessage(node, nodeCommands, 'openSession', { routerId, peerId: 'site-7', send: true, rtpCapabilities, producerIds, ready: { dtlsParameters, startConsumers: true } });
    expect(started.ready).toBe(true);
    expect([role(started.recv.id), role(started.send!.id)]).toEqual(['server', 'server']);
    expect(paused(started)).toEqual([false, false]);

    // A site receiving less than everything starts its consumers itself, at its layer.
    const connectedOnly = await callMessage(node, nodeCommands, 'openSession', { routerId, peerId: 'site-8', send: false, rtpCapabilities, producerIds, ready: { dtlsParameters, startConsumers: false } });
    expect(connectedOnly.ready).toBe(true);
    expect(role(connectedOnly.recv.id)).toBe('server');
    expect(paused(connectedOnly)).toEqual([true, true]);

    // Not asked: as ever, unconnected and paused, and the answer does not say ready.
    const asEver = await callMessage(node, nodeCommands, 'openSession', { routerId, peerId: 'site-9', send: false, rtpCapabilities, producerIds });
    expect(asEver.ready).toBeUndefined();
    expect(role(asEver.recv.id)).toBe('auto');
    expect(paused(asEver)).toEqual([true, true]);
  });

  it("makes a site's camera and microphone with one command, connected first; all or none", async () => {
    const opened = await callMessage(node, nodeCommands, 'openSession', { routerId, peerId: 'site-5', send: true, rtpCapabilities, producerIds: [] });
    const sendId = opened.send!.id;
    const dtlsParameters = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: `${'CD:'.repeat(31)}CD` }] };
    const codec = (mimeType: string) => rtpCapabilities.codecs!.find((c) => c.mimeType === mimeType)!;
    const camera = (ssrc: number) => ({ kind: 'video' as const, paused: true, rtpParameters: { codecs: [{ mimeType: 'video/VP8', clockRate: codec('video/VP8').clockRate, payloadType: 101 }], encodings: [{ ssrc }] } });
    const microphone = (ssrc: number) => ({
      kind: 'audio' as const,
      paused: false,
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 100 }], encodings: [{ ssrc }] },
    });
    const producers = () => linked.media.counts(1)[0]!.producers;
    const before = producers();

    // The microphone reuses the camera's SSRC: the node refuses it, and the camera made before it goes too.
    const refused = await callMessage(node, nodeCommands, 'produceTracks', { transportId: sendId, tracks: [camera(7001), microphone(7001)] }).catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: expect.any(String) });
    expect(producers()).toBe(before);

    const { producerIds: made } = await callMessage(node, nodeCommands, 'produceTracks', { transportId: sendId, dtlsParameters, tracks: [camera(7002), microphone(7003)] });
    expect(made).toHaveLength(2);
    expect(made.map((id) => linked.media.producer(id, routerId).object.kind)).toEqual(['video', 'audio']);
    expect(made.map((id) => linked.media.producer(id, routerId).object.paused)).toEqual([true, false]);
    expect(producers()).toBe(before + 2);
    expect(linked.media.webRtcTransport(sendId).object.dtlsParameters.role).toBe('server');
  });

  it('a receive-only session gets no send transport', async () => {
    const opened = await callMessage(node, nodeCommands, 'openSession', { routerId, peerId: 'site-2', send: false, rtpCapabilities, producerIds: [] });
    expect(opened.send).toBeNull();
    expect(linked.media.findWebRtcTransport(opened.recv.id)).toBeDefined();
  });

  it("closes a router's transports of the peers named, and no other", async () => {
    const viewer = await callMessage(node, nodeCommands, 'createWebRtcTransport', { routerId, peerId: 'viewer-1' });
    const site = await callMessage(node, nodeCommands, 'createWebRtcTransport', { routerId, peerId: 'site-9' });
    expect(await callMessage(node, nodeCommands, 'closePeerTransports', { routerId, peerIds: ['viewer-1', 'viewer-2'] })).toEqual({ closed: 1 });
    expect(linked.media.findWebRtcTransport(viewer.id)).toBeUndefined();
    expect(linked.media.findWebRtcTransport(site.id)).toBeDefined();
  });

  it('closes the transports it made when a consumer cannot be made', async () => {
    const before = linked.media.counts(1)[0]!.transports;
    // Capabilities without the program's codecs: the camera cannot be consumed.
    const refused = await callMessage(node, nodeCommands, 'openSession', {
      routerId,
      peerId: 'site-3',
      send: true,
      rtpCapabilities: { codecs: rtpCapabilities.codecs!.filter((c) => c.kind === 'audio'), headerExtensions: [] },
      producerIds,
    }).catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: 'BAD_REQUEST' });
    expect(linked.media.counts(1)[0]!.transports).toBe(before);
  });
});
