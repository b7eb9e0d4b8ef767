import { isPresentation, LienthongError, recorderRtpCapabilities, tappedTracks, tapTrackSchema, type TapFeature, type TapPorts, type TapTrack } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import type { NodeRegistry } from '../fleet/node-registry.js';
import type { RoomHandle } from '../live/ownership/room-handle.js';

/**
 * A recorder's tap of the program: plain RTP transports on the origin router (one per track,
 * comedia off, RTP and RTCP on one port) sending the tracks' consumers to the recorder's ports:
 * the camera to `video`, the shared screen to `presentation`, the n-th audio track to `audio[n]`.
 * The consumers stay paused until the recorder's ffmpeg listens, then start with a keyframe.
 * `features`: what the recorder supports; a recorder that records no presentation still gets
 * the program (camera and sound) while a screen is shared.
 */
export class ProgramTap {
  readonly id = randomUUID();
  readonly tracks: TapTrack[] = [];
  private readonly transports: string[] = [];
  private nodeId: string | null = null;

  private constructor(private readonly fleet: NodeRegistry) {}

  static async open(room: RoomHandle, fleet: NodeRegistry, ports: TapPorts, features: readonly TapFeature[]): Promise<ProgramTap> {
    const tap = new ProgramTap(fleet);
    const origin = await room.originRouter();
    if (!origin) return tap;
    const tracks = tappedTracks(await room.programTracks(), features);
    const audio = tracks.filter((t) => t.kind === 'audio');
    if (audio.length > ports.audio.length) throw new LienthongError('BAD_REQUEST', `The program has ${audio.length} audio tracks: one port each is needed`);
    const presentation = ports.presentation;
    if (tracks.some(isPresentation) && !presentation) throw new LienthongError('BAD_REQUEST', 'A screen is shared: a port for the presentation is needed');
    const portOf = (track: (typeof tracks)[number]) => {
      if (isPresentation(track)) return presentation!;
      return track.kind === 'video' ? ports.video : ports.audio[audio.indexOf(track)]!;
    };
    tap.nodeId = origin.nodeId;
    const node = fleet.get(origin.nodeId);
    try {
      for (const track of tracks) {
        await room.bringProgramTrackTo(track.producerId, origin.key);
        const { transportId } = await node.call('createPlainTransport', { routerId: origin.routerId, comedia: false });
        tap.transports.push(transportId);
        await node.call('connectPlainTransport', { transportId, remote: portOf(track) });
        const consumer = await node.call('consume', { transportId, producerId: track.producerId, rtpCapabilities: recorderRtpCapabilities });
        const codec = consumer.rtpParameters.codecs[0]!;
        // What the node answered, checked against what ffmpeg's SDP needs.
        tap.tracks.push(tapTrackSchema.parse({
          kind: track.kind,
          source: track.source,
          producerId: track.producerId,
          consumerId: consumer.id,
          siteId: track.siteId,
          siteName: track.siteName,
          port: portOf(track).port,
          codec: {
            mimeType: codec.mimeType,
            clockRate: codec.clockRate,
            ...(codec.channels ? { channels: codec.channels } : {}),
            payloadType: codec.payloadType,
            parameters: codec.parameters ?? {},
          },
          ssrc: (consumer.rtpParameters.encodings?.[0] as { ssrc?: number } | undefined)?.ssrc,
        }));
      }
    } catch (err) {
      await tap.close();
      throw err;
    }
    return tap;
  }

  async start(): Promise<void> {
    const node = this.node();
    if (!node) return;
    await Promise.all(this.tracks.map((t) => node.call('resumeConsumer', { consumerId: t.consumerId })));
    await this.requestKeyFrame();
  }

  async requestKeyFrame(): Promise<void> {
    const node = this.node();
    if (!node) return;
    await Promise.all(this.tracks.filter((t) => t.kind === 'video').map((t) => node.call('requestKeyFrame', { consumerId: t.consumerId })));
  }

  /** Closes the transports (their consumers go with them); a node already gone has nothing left to close. */
  async close(): Promise<void> {
    const node = this.node();
    const transports = this.transports.splice(0);
    if (!node) return;
    await Promise.allSettled(transports.map((transportId) => node.call('closeTransport', { transportId })));
  }

  private node() {
    return this.nodeId ? this.fleet.list().find((n) => n.nodeId === this.nodeId) : undefined;
  }
}
