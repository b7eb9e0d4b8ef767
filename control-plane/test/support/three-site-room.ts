import type { ProgramTrack, SiteStageState } from '@lienthong/contracts';
import { pino } from 'pino';
import { NodeRegistry } from '../../src/fleet/node-registry.js';
import { ConferenceRoom } from '../../src/live/conference-room.js';
import { defaultPlannerConfig } from '../../src/planner/model.js';
import { fakeNode } from './fake-node.js';
import { recordingOutput } from './room-output.js';

export const rtp = { codecs: [] };

/** A hall on the central node and two communes of Hà Nội on the province node, each sending camera and microphone. */
export async function threeSiteRoom() {
  const log: string[] = [];
  const central = fakeNode('central', ['TW'], 1, log);
  const province = fakeNode('province', ['HN'], 1, log);
  const fleet = new NodeRegistry();
  fleet.add(central);
  fleet.add(province);
  const output = recordingOutput();
  const room = new ConferenceRoom('conf', { siteId: 'hall', ancestry: ['TW'] }, fleet, pino({ level: process.env.TEST_LOG ?? "silent" }), output, defaultPlannerConfig);
  const join = async (siteId: string, ancestry: string[], role: 'hall' | 'site' = 'site') => {
    const session = `${siteId}-session`;
    const admitted = await room.admit({ siteId, siteName: `Site ${siteId}`, unitName: ancestry.at(-1)!, role, unitAncestry: ancestry }, session);
    const transport = await room.createTransport(siteId, session);
    const video = await room.produce(siteId, session, transport.id, 'video', rtp);
    const audio = await room.produce(siteId, session, transport.id, 'audio', rtp);
    return { session, admitted, video, audio };
  };
  const hall = await join('hall', ['TW'], 'hall');
  const a = await join('a', ['TW', 'HN', 'HN-01']);
  const b = await join('b', ['TW', 'HN', 'HN-02']);
  const programOf = () => room.programTracks().map((t: ProgramTrack) => `${t.siteId}:${t.kind}`);
  const lastState = (session: string) => output.to(session, 'stageChanged').at(-1) as SiteStageState | undefined;
  const calls = (name: string) => province.calls.filter((c) => c.name === name).map((c) => c.req.producerId);
  return { room, output, log, central, province, join, hall, a, b, programOf, lastState, calls, label: (siteId: string) => ({ siteId, siteName: `Site ${siteId}`, unitName: 'x' }) };
}
