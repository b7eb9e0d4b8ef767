import { LienthongError, type MediaKind, type TrackSource, type WireDtlsParameters, type WireRtpParameters } from '@lienthong/contracts';
import type { Device, types } from 'mediasoup-client';
import { asError, Failure, toFailure } from '../shared/failure';
import { acceptOwnConnect, type DtlsIdentity } from './dtls-identity';
import { sendAudioCodecOptions, sendVideoCodecOptions, sendVideoEncodings, thumbnailEncoding } from './capture';
import { presentationCodecOptions, presentationEncodings } from './screen-share';
import type { SendKinds } from './send-policy';
import type { SiteRequester } from './signaling';
import { emptyOutbound, type OutboundStats, type SentLayer, sentLayers, summarizeOutbound } from './stats';
import { fromDtlsParameters, fromRtpParameters } from './wire-adapters';

/** A track mediasoup-client made on the send transport, as the control plane is told of it. */
type CollectedTrack = { kind: MediaKind; rtpParameters: WireRtpParameters };

/**
 * Answers meaning "this producer is gone": a stop has nothing left to stop; a consume skips it and
 * waits for the next programChanged.
 */
export const producerGone: ReadonlySet<string> = new Set(['NOT_FOUND', 'CONFLICT']);

/**
 * What a join sends on its send transport: the site's camera and microphone (paused until
 * watched) and, while it presents, its shared screen. The transport connects with the first
 * request that needs it: the camera and microphone's `produceTracks`, or the presentation's `produce`
 * (unless the node connected it as it made it).
 */
export class TrackSender {
  /**
   * The camera and microphone (their mediasoup-client producers' ids are the page's own, never sent:
   * the page names only its presentation's producer to the control plane).
   */
  private readonly producers: types.Producer[] = [];
  /** The shared screen, apart from camera and microphone: the stage never pauses it. */
  private presentation: types.Producer | null = null;
  /**
   * While `sendLocalMedia` makes the camera and microphone: mediasoup-client asks for one track's id
   * before it makes the next, so each is answered at once with an id of the page's own and both go
   * in one `produceTracks` afterwards (a request, and a node command, fewer per join).
   */
  private collecting: CollectedTrack[] | null = null;
  private localIds = 0;
  /** The DTLS parameters the transport's 'connect' gave that no request has carried yet. */
  private unsentConnect: WireDtlsParameters | undefined;

  constructor(
    private readonly transport: types.Transport,
    private readonly signaling: SiteRequester,
    /** Throws once the join this sender belongs to has ended. */
    private readonly assertOpen: () => void,
    /** The page's identity, when the node connected the transport as it made it (`ReadyMedia`). */
    preconnectedAs: DtlsIdentity | null = null,
  ) {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      if (preconnectedAs) acceptOwnConnect(preconnectedAs, fromDtlsParameters(dtlsParameters), callback, errback);
      else {
        this.unsentConnect = fromDtlsParameters(dtlsParameters);
        callback();
      }
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const track = { kind, rtpParameters: fromRtpParameters(rtpParameters) };
      if (this.collecting && appData.source !== 'presentation') {
        // Sent with the other track by sendLocalMedia; the page's own id stands for it meanwhile.
        this.collecting.push(track);
        callback({ id: `local-${kind}-${++this.localIds}` });
        return;
      }
      const source = appData.source === 'presentation' ? { source: 'presentation' as TrackSource } : {};
      this.sendTrack({ ...track, ...source }).then(
        (id) => callback({ id }),
        (err: unknown) => errback(asError(err)),
      );
    });
  }

  /**
   * Produces the site's camera and microphone. They start paused but those `sending` names: a
   * site nobody watches sends no RTP at all (zeroRtpOnPause) to spare its link. All or none: a
   * refusal leaves no producer behind.
   */
  async sendLocalMedia(device: Device, stream: MediaStream, sending: SendKinds): Promise<void> {
    const [videoTrack] = stream.getVideoTracks();
    const [audioTrack] = stream.getAudioTracks();
    const made: types.Producer[] = [];
    const collected: CollectedTrack[] = (this.collecting = []);
    try {
      if (videoTrack && device.canProduce('video'))
        made.push(
          await this.transport.produce({
            track: videoTrack,
            encodings: sendVideoEncodings,
            codecOptions: sendVideoCodecOptions,
            stopTracks: false,
            zeroRtpOnPause: true,
          }),
        );
      if (audioTrack && device.canProduce('audio'))
        made.push(await this.transport.produce({ track: audioTrack, codecOptions: sendAudioCodecOptions, stopTracks: false, zeroRtpOnPause: true }));
      if (!made.length) throw new Failure('BROWSER_UNSUPPORTED', 'This browser cannot send any of the router codecs');
      this.assertOpen();
      await this.sendTracks(collected);
      this.assertOpen();
    } catch (err) {
      for (const producer of made) producer.close();
      throw err;
    } finally {
      this.collecting = null;
    }
    this.producers.push(...made);
    this.setSending(sending);
  }

  /** Starts or stops sending each kind (the server says who watches this site: the program, or an operator's thumbnail). */
  setSending(sending: SendKinds): void {
    for (const producer of this.producers) {
      if (producer.closed) continue;
      if (sending[producer.kind]) producer.resume();
      else producer.pause();
      if (producer.kind === 'video') {
        const top = sendVideoEncodings.length - 1;
        producer
          .setMaxSpatialLayer(sending.smallVideoOnly ? thumbnailEncoding : top)
          .catch((err: unknown) => console.warn('lienthong: could not change the sent layers', err));
      }
    }
  }

  /** What actually leaves the browser now. */
  get sending(): SendKinds {
    const live = this.producers.filter((p) => !p.closed && !p.paused);
    const video = live.find((p) => p.kind === 'video');
    return { video: !!video, audio: live.some((p) => p.kind === 'audio'), smallVideoOnly: video?.maxSpatialLayer === thumbnailEncoding };
  }

  /**
   * Shares a screen as the program's presentation. The track stays the caller's: it outlives this
   * join, so a rejoin shares it again.
   */
  async startPresentation(track: MediaStreamTrack, stillOpen: () => boolean): Promise<void> {
    if (this.presenting) return;
    const producer = await this.transport.produce({
      track,
      encodings: presentationEncodings,
      codecOptions: presentationCodecOptions,
      stopTracks: false,
      appData: { source: 'presentation' },
    });
    if (!stillOpen()) producer.close();
    this.assertOpen();
    this.presentation = producer;
  }

  /** Stops sharing: the presentation leaves the program for every site. */
  async stopPresentation(stillOpen: () => boolean): Promise<void> {
    const producer = this.presentation;
    this.presentation = null;
    if (!producer || producer.closed) return;
    producer.close();
    if (!stillOpen()) return;
    try {
      await this.signaling.request('stopProducing', { producerId: producer.id });
    } catch (err) {
      if (!producerGone.has(toFailure(err).code)) throw toFailure(err);
    }
  }

  get presenting(): boolean {
    return !!this.presentation && !this.presentation.closed;
  }

  /** The presentation's simulcast layers as they leave the browser (empty: not presenting). */
  async presentationSent(): Promise<SentLayer[]> {
    const producer = this.presentation;
    return producer && !producer.closed ? sentLayers(await producer.getStats()) : [];
  }

  /** The codecs the camera and microphone send with (Opus should carry useinbandfec=1 and usedtx=1). */
  sentCodecs(): { kind: string; mimeType: string; parameters: Record<string, unknown> }[] {
    return this.producers
      .filter((p) => !p.closed)
      .map((p) => ({ kind: p.kind, mimeType: p.rtpParameters.codecs[0]?.mimeType ?? '', parameters: { ...p.rtpParameters.codecs[0]?.parameters } }));
  }

  async outboundStats(): Promise<OutboundStats> {
    if (this.transport.closed) return emptyOutbound(performance.now());
    return summarizeOutbound(await this.transport.getStats());
  }

  close(): void {
    for (const producer of this.producers) producer.close();
    this.presentation?.close();
  }

  /** The collected camera and microphone to the control plane in one request, the transport's connect along. */
  private async sendTracks(tracks: CollectedTrack[]): Promise<void> {
    const dtlsParameters = this.takeConnect();
    try {
      await this.signaling.request('produceTracks', { transportId: this.transport.id, tracks, ...(dtlsParameters && { dtlsParameters }) });
    } catch (err) {
      this.unsentConnect ??= dtlsParameters;
      // A control plane of the version before (a rolling update) makes one track per request.
      if (!(err instanceof LienthongError && err.code === 'UNKNOWN_MESSAGE')) throw err;
      for (const track of tracks) await this.sendTrack(track);
    }
  }

  /** One track to the control plane, with the transport's connect when it has not gone yet. */
  private async sendTrack(track: CollectedTrack & { source?: TrackSource }): Promise<string> {
    const dtlsParameters = this.takeConnect();
    try {
      const { producerId } = await this.signaling.request('produce', { transportId: this.transport.id, ...track, ...(dtlsParameters && { dtlsParameters }) });
      return producerId;
    } catch (err) {
      // Not connected after all: the next track carries the parameters again.
      this.unsentConnect ??= dtlsParameters;
      throw err;
    }
  }

  private takeConnect(): WireDtlsParameters | undefined {
    const dtlsParameters = this.unsentConnect;
    this.unsentConnect = undefined;
    return dtlsParameters;
  }
}
