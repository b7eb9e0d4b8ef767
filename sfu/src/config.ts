import { envField, metricsEnvShape, nodeFeatures, parseEnv, type NodeFeature } from '@lienthong/contracts';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { defaultPacerIntervalMs } from './media/libwebrtc-trials.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every env var the media-node agent reads. */
const schema = z
  .object({
    /** Every control-plane replica, comma-separated: the node dials each (any of them may own a conference). */
    CONTROL_PLANE_URL: envField
      .csv()
      .refine((urls) => urls.length > 0 && urls.every((u) => z.url().safeParse(u).success), 'must be control-plane URLs (http://host:port), comma-separated'),
    NODE_ID: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
    NODE_TOKEN: z.string().min(20, 'looks too short to be a signed node token'),
    /** Which units this node serves (unit codes), for placement. */
    LOCALITY_TAGS: envField.csv().default([]),
    LISTEN_IP: envField.ip().default('127.0.0.1'),
    /** Address sites and other nodes reach this node at (differs from LISTEN_IP behind NAT). */
    ANNOUNCED_IP: envField.ip().optional(),
    RTC_MIN_PORT: envField.port().default(40000),
    RTC_MAX_PORT: envField.port().default(40999),
    /**
     * One WebRtcServer per worker on the first port of the worker's slice of the RTC range (UDP
     * and TCP): all the worker's receive transports share it instead of a socket each, so with
     * the default worker build (batched-send.patch) a forwarding round leaves in one `sendmmsg`
     * instead of a system call per site: 1.4-1.5x more consumers per core (bench:fan-out). It
     * also leaves a firewall one UDP and one TCP port per worker to open for sites.
     */
    WEBRTC_SERVER: envField.bool().default(true),
    /** mediasoup workers; one per core is the rule. */
    WORKERS: envField.positiveInt().default(Math.max(1, os.availableParallelism())),
    HEARTBEAT_MS: envField.positiveInt().default(1000),
    /**
     * Consumers one worker (one core) carries loss-free, registered as the ceiling of its capacity;
     * each heartbeat reports the capacity the worker's own CPU cost per consumer measures, never
     * above this. The planner fills a worker to its headroom (80%) of the lower of the two.
     * On this project's 2-vCPU machines a worker as the node ships (a WebRtcServer per worker, the
     * default worker build, PACER_INTERVAL_MS 25) forwarded 290-380 SRTP consumers of one 720p
     * VP8 stream loss-free, 436-523 per fully used core at its measured cost (bench:fan-out, issue
     * 16, with AES-CM/HMAC-SHA1 and with the AES-256-GCM sites get; 240 before those): 300 is the
     * lower loss-free point, not more.
     */
    CONSUMERS_PER_WORKER: envField.positiveInt().default(300),
    /**
     * A new consumer (a join, a layer switch, a receiver's PLI) asks its producer for a keyframe;
     * mediasoup passes one request to the sender at once, then holds the others for this long and
     * sends one for all of them. It bounds the keyframes a hall's encoder makes while thousands of
     * sites join, and is what a join may wait for its first picture: at 1000 a join's first frame
     * waited 0.94 s whenever another site had joined within the second (bench:join). Chromium
     * ignores requests within 300 ms of its last keyframe anyway: asking more often buys nothing.
     */
    KEYFRAME_REQUEST_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(400),
    /**
     * The same for the copies of a producer that pipes carry to other routers. 0: a pipe passes
     * every request up at once (only one per keyframe under way: mediasoup keeps it pending until
     * the keyframe comes), and the origin's delay alone coalesces them. Two delays in a row
     * added up: a join through a pipe could wait for both windows.
     */
    PIPE_KEYFRAME_REQUEST_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(0),
    /**
     * How often each transport's send-side estimator (libwebrtc's GoogCC) and pacer run while it
     * is not probing. mediasoup runs both on the pacer's 5 ms timer: 200 runs a second per site
     * transport, as many as the packets it forwards to it, which cost a consumer more than its
     * transport-cc send history (bench:fan-out). 25 is GoogCC's own process interval; while it
     * probes, the prober's own schedule still rules. Given to the workers as libwebrtc's
     * `WebRTC-Pacer-MinPacketLimitMs` field trial (issue 16).
     */
    PACER_INTERVAL_MS: z.coerce.number().int().min(5).max(25).default(defaultPacerIntervalMs),
    /**
     * What a site's receive transport negotiates for its downlink estimate. `transport-cc` (the
     * default): the router's capabilities, so mediasoup keeps a send-side estimate per receive
     * transport and picks each consumer's simulcast layer under it. `none`: a consumer on a WebRTC
     * transport is made without transport-cc, goog-remb and their header extensions, so the node
     * runs no estimator for it and sends the preferred layer; the page's own adaptation alone steps
     * down. Senders, plain transports and pipes are unchanged. bench:receiver-estimate (issue 16).
     */
    RECEIVER_ESTIMATE: z.enum(['transport-cc', 'none']).default('transport-cc'),
    /**
     * Features (`nodeFeatures`) this node does not state at registration, comma-separated: control
     * planes then use the commands of the version before with it. A switch for the field (e.g.
     * `open-ready` if some browser fails the ready join) and for A/B benches (bench:join COMPARE_ENV).
     */
    WITHHELD_FEATURES: envField
      .csv()
      .pipe(z.array(z.enum(Object.values(nodeFeatures) as [NodeFeature, ...NodeFeature[]], { error: `each of ${Object.values(nodeFeatures).join(', ')}` })))
      .default([]),
    MEDIASOUP_WORKER_BIN: z.string().default(path.join(repoRoot, '.lienthong/bin/mediasoup-worker')),
    LOG_LEVEL: envField.logLevel(),
    /** Benches only: append every video keyframe and keyframe request to this file (media/keyframe-trace.ts). */
    KEYFRAME_TRACE_FILE: z.string().min(1).optional(),
    /**
     * Prometheus /metrics (off unless METRICS_PORT is set). On a host-networked node the listener
     * is on the host: bind METRICS_HOST to its internal address, never a public one.
     */
    ...metricsEnvShape,
  })
  .refine((c) => c.RTC_MIN_PORT < c.RTC_MAX_PORT, { path: ['RTC_MAX_PORT'], message: 'must be above RTC_MIN_PORT' });

/**
 * The names above, for checks that deployment files set only variables this service reads.
 * zod 4's `.refine()` returns the same ZodObject, so its shape is still there.
 */
export const envVarNames = Object.keys(schema.shape);

export type SfuConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const c = parseEnv(schema, env);
  return { ...c, ANNOUNCED_IP: c.ANNOUNCED_IP ?? c.LISTEN_IP };
}
