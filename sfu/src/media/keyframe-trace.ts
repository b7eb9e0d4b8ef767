import { appendFileSync } from 'node:fs';
import type { types } from 'mediasoup';

/** One keyframe or keyframe request as a video producer or consumer of this node saw it. */
export interface KeyframeTraceLine {
  /**
   * Wall clock (ms since the epoch) when the worker saw it: benches on the same host line it up with
   * browser times. (The agent may hear of it tens of ms later on a loaded host: the worker's own
   * timestamp, on the monotonic clock both processes share, is moved onto the wall clock.)
   */
  at: number;
  nodeId: string;
  /** producer: 'in' is what the sender sent (a keyframe), 'out' a request sent to it; consumer: 'out' a keyframe sent, 'in' a request received. */
  object: 'producer' | 'consumer';
  /** The producer's id (a consumer's producer for consumers: piped copies share it). */
  producerId: string;
  /** The consumer's id (consumers only). */
  consumerId?: string;
  /** webrtc, pipe, plain: which kind of transport it lives on. */
  transport: string;
  type: 'keyframe' | 'pli' | 'fir';
  direction: 'in' | 'out';
  /** The RTP stream (a simulcast layer has its own): the request's target, the keyframe packet's. */
  ssrc?: number;
}

const traced: types.ProducerTraceEventType[] = ['keyframe', 'pli', 'fir'];

/**
 * Off unless KEYFRAME_TRACE_FILE is set: appends every video keyframe and keyframe request of this
 * node's producers and consumers to that file, one JSON line each, so a bench can break a join's
 * first frame down hop by hop (request up the cascade, keyframe back down). mediasoup sends these
 * trace events only for the types enabled, and keyframes are rare: the cost is a few lines a second.
 * Called for every worker as it starts (restarted ones too), before it holds any router.
 */
export function traceKeyframes(worker: types.Worker, nodeId: string, file: string): void {
  const write = (workerMs: number, line: Omit<KeyframeTraceLine, 'at' | 'nodeId'>) =>
    appendFileSync(file, JSON.stringify({ at: wallClockOf(workerMs), nodeId, ...line }) + '\n');
  const isTraced = (type: string): type is KeyframeTraceLine['type'] => (traced as string[]).includes(type);
  worker.observer.on('newrouter', (router) => {
    router.observer.on('newtransport', (transport) => {
      const kind = transport.constructor.name.replace(/Transport$/, '').toLowerCase();
      transport.observer.on('newproducer', (producer) => {
        if (producer.kind !== 'video') return;
        producer.observer.on('trace', ({ type, direction, info, timestamp }) => {
          if (isTraced(type)) write(timestamp, { object: 'producer', producerId: producer.id, transport: kind, type, direction, ...ssrcOf(info) });
        });
        void producer.enableTraceEvent(traced).catch(() => undefined);
      });
      transport.observer.on('newconsumer', (consumer) => {
        if (consumer.kind !== 'video') return;
        consumer.observer.on('trace', ({ type, direction, info, timestamp }) => {
          if (isTraced(type)) write(timestamp, { object: 'consumer', producerId: consumer.producerId, consumerId: consumer.id, transport: kind, type, direction, ...ssrcOf(info) });
        });
        void consumer.enableTraceEvent(traced).catch(() => undefined);
      });
    });
  });
}

/** mediasoup's trace `info` is untyped: a request carries `{ ssrc }`, a keyframe its RTP packet's fields. */
function ssrcOf(info: unknown): { ssrc?: number } {
  const ssrc = info && typeof info === 'object' ? (info as { ssrc?: unknown }).ssrc : undefined;
  return typeof ssrc === 'number' ? { ssrc } : {};
}

/** A worker trace timestamp (uv_hrtime in ms: CLOCK_MONOTONIC, as this process's hrtime) on the wall clock. */
function wallClockOf(workerMs: number): number {
  const nowMonotonicMs = Number(process.hrtime.bigint() / 1_000_000n);
  return Date.now() - Math.max(0, nowMonotonicMs - workerMs);
}
