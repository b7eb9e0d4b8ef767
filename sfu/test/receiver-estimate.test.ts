import { callMessage, nodeCommands } from '@lienthong/contracts';
import type { types } from 'mediasoup';
import { afterAll, describe, expect, it } from 'vitest';
import { plainProgram } from './support/plain-program.js';
import { startLinkedNode, StandInReplica } from './support/stand-in-replicas.js';

const estimateFeedback = ['transport-cc', 'goog-remb'];
const estimateUris = ['http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time'];

/** What in a consumer's parameters feeds a send-side estimate: its RTCP feedback types and header extensions of that kind. */
function estimateParts(p: types.RtpParameters) {
  return {
    feedback: p.codecs.flatMap((c) => (c.rtcpFeedback ?? []).map((f) => f.type)).filter((t) => estimateFeedback.includes(t)),
    extensions: (p.headerExtensions ?? []).map((h) => h.uri).filter((u) => estimateUris.includes(u)),
  };
}

/**
 * RECEIVER_ESTIMATE (issue 16), on real nodes (real mediasoup workers): with `none` a site's
 * consumers are made without transport-cc, goog-remb and their header extensions, so the node
 * keeps no send-side estimate for its receive transport; by default they have transport-cc.
 */
describe('RECEIVER_ESTIMATE on a media node', () => {
  const nodes: Awaited<ReturnType<typeof startLinkedNode>>[] = [];
  const replicas: StandInReplica[] = [];

  afterAll(async () => {
    for (const n of nodes) n.close();
    for (const r of replicas) await r.close();
  });

  /** A node with the program (camera in two layers, microphone) on plain RTP, and a site's session of it. */
  async function siteConsumers(nodeId: string, rtcPorts: [number, number], env: Record<string, string>) {
    const replica = await StandInReplica.start();
    replicas.push(replica);
    const linked = await startLinkedNode({ replicas: [replica], nodeId, workers: 1, rtcPorts, env });
    nodes.push(linked);
    const node = await replica.node();
    const { routerId, rtpCapabilities } = await callMessage(node, nodeCommands, 'createRouter', { conferenceId: `estimate-${nodeId}` });
    const { transportId, camera, microphone } = await plainProgram(node, routerId, rtpCapabilities);
    // The router offers transport-cc, so a receiver that can do it asks for it.
    expect(estimateParts({ codecs: rtpCapabilities.codecs as types.RtpCodecParameters[], headerExtensions: [] }).feedback).toContain('transport-cc');
    const opened = await callMessage(node, nodeCommands, 'openSession', {
      routerId,
      peerId: 'site-1',
      send: true,
      rtpCapabilities,
      producerIds: [camera, microphone],
    });
    // One more through `consume` itself, on the same receive transport.
    const again = await callMessage(node, nodeCommands, 'consume', { transportId: opened.recv.id, producerId: camera, rtpCapabilities });
    // A plain transport's consumer (a recorder's, say) keeps what it asked for.
    const plain = await callMessage(node, nodeCommands, 'consume', { transportId, producerId: camera, rtpCapabilities });
    const params = (id: string) => linked.media.consumer(id).object.rtpParameters;
    return { site: [...opened.consumers.map((c) => params(c.id)), params(again.id)], plain: params(plain.id) };
  }

  it('none: a site has no transport-cc or REMB feedback and no header extension for them', async () => {
    const { site, plain } = await siteConsumers('estimate-none', [21100, 21109], { RECEIVER_ESTIMATE: 'none' });
    expect(site).toHaveLength(3);
    for (const p of site) expect(estimateParts(p)).toEqual({ feedback: [], extensions: [] });
    // The rest of the feedback is kept: NACK and keyframe requests still work.
    expect(site[0]!.codecs[0]!.rtcpFeedback?.map((f) => f.type)).toEqual(expect.arrayContaining(['nack', 'ccm']));
    expect(estimateParts(plain).feedback).toContain('transport-cc');
  });

  it('transport-cc (the default): a site negotiates transport-cc and its header extension', async () => {
    const { site } = await siteConsumers('estimate-tcc', [21110, 21119], {});
    for (const p of site.filter((p) => p.codecs[0]!.mimeType === 'video/VP8')) {
      expect(estimateParts(p).feedback).toContain('transport-cc');
      expect(estimateParts(p).extensions).toContain(estimateUris[0]);
    }
  });
});
