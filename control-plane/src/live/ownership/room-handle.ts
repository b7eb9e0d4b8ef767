import type { ConferenceRoom } from '../conference-room.js';

/**
 * The room operations gateways, REST routes and recorder taps use. Each may be carried out on
 * this replica or relayed to the conference's owner, so arguments and answers are plain data.
 */
export const roomOperations = [
  'admit',
  'leave',
  'detach',
  'resume',
  'openMedia',
  'startConsumers',
  'createTransport',
  'createPlainTransport',
  'connectPlainTransport',
  'connectTransport',
  'restartIce',
  'produce',
  'produceTrack',
  'produceTracks',
  'stopProducing',
  'consume',
  'resumeConsumer',
  'setConsumerPaused',
  'setPreferredLayers',
  'raiseHand',
  'giveFloor',
  'setMuted',
  'sendNotice',
  'stageView',
  'snapshot',
  'routerIdOf',
  'programTracks',
  'originRouter',
  'bringProgramTrackTo',
  'openPreviews',
  'createPreviewTransport',
  'connectPreviewTransport',
  'wantPreviews',
  'resumePreview',
  'closePreviews',
  'hasViewer',
] as const satisfies readonly (keyof ConferenceRoom)[];

export type RoomOperation = (typeof roomOperations)[number];
export const isRoomOperation = (name: string): name is RoomOperation => (roomOperations as readonly string[]).includes(name);

type Operations = { [K in RoomOperation]: ConferenceRoom[K] };

/** A live conference's room wherever it lives: every operation answers asynchronously. */
export type RoomHandle = {
  readonly conferenceId: string;
} & {
  [K in RoomOperation]: (...args: Parameters<Operations[K]>) => Promise<Awaited<ReturnType<Operations[K]>>>;
};

/** The handle whose every operation goes through `invoke` (which finds the owner and runs or relays it). */
export function roomHandle(conferenceId: string, invoke: (operation: RoomOperation, args: unknown[]) => Promise<unknown>): RoomHandle {
  const handle: Record<string, unknown> = { conferenceId };
  for (const operation of roomOperations) handle[operation] = (...args: unknown[]) => invoke(operation, args);
  // Built by name from the list the type is made of: every operation is there.
  return handle as RoomHandle;
}

/** Runs an operation on a room of this replica (for the owner's side of a relayed call too). */
export function runOperation(room: ConferenceRoom, operation: RoomOperation, args: unknown[]): Promise<unknown> {
  const method = room[operation] as (...a: unknown[]) => unknown;
  return Promise.resolve(method.apply(room, args));
}
