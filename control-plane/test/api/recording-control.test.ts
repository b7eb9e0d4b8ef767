// Recordings from the control plane's side, on a real server and Redis: an operator starts and
// stops one (a row and the recorder's BullMQ job), a recorded conference starts its own when its
// open job opens it, and the /recorder namespace serves recorder tokens only.
import { callMessage, namespaces, queues, recorderRequests } from '@lienthong/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@lienthong/testing/wait';
import { apiClient, ok } from '../support/api-client.js';
import { startTestControlPlane, testRedisUrl, uniqueRedisPrefix, type TestControlPlane } from '../support/control-plane.js';

describe('recordings', () => {
  const prefix = uniqueRedisPrefix();
  let plane: TestControlPlane;
  let redis: Redis;
  let queue: Queue;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    plane = await startTestControlPlane({ REDIS_PREFIX: prefix });
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(queues.recording, { connection: redis, prefix });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await queue?.obliterate({ force: true });
    await queue?.close();
    await redis?.quit();
    await plane?.stop();
  });

  const newConference = async (o: { recordingEnabled?: boolean; inMs?: number } = {}) => {
    const start = new Date(Date.now() + (o.inMs ?? -60_000));
    return plane.db.prisma.conference.create({
      data: {
        title: 'Hội nghị ghi hình',
        hostUnitId: (await plane.db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } })).id,
        originSiteId: plane.seed.hallSiteId,
        status: o.inMs ? 'scheduled' : 'open',
        recordingEnabled: o.recordingEnabled ?? false,
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + 3_600_000),
      },
    });
  };

  it('starts once per conference (the job carries the recording), stops, and refuses a stop with nothing running', async () => {
    const call = apiClient(plane.url, plane.operatorToken);
    const c = await newConference();
    const started = await call('recordings.start', { params: { id: c.id } });
    expect(started.status).toBe(201);
    const rec = ok(started);
    expect(rec).toMatchObject({ conferenceId: c.id, status: 'pending', storageKey: rec.id, endedAt: null });
    expect(ok(await call('recordings.start', { params: { id: c.id } })).id).toBe(rec.id);
    const job = await queue.getJob(`record-${rec.id}`);
    expect(job?.name).toBe('record-conference');
    expect(job?.data).toEqual({ conferenceId: c.id, recordingId: rec.id });

    const stopped = ok(await call('recordings.stop', { params: { id: c.id } }));
    expect(stopped.id).toBe(rec.id);
    expect(stopped.endedAt).not.toBeNull();
    await plane.db.prisma.recording.update({ where: { id: rec.id }, data: { status: 'ready' } });
    const again = await call('recordings.stop', { params: { id: c.id } });
    expect(again.error?.code).toBe('CONFLICT');
    // A new recording may start once the last one is done.
    expect(ok(await call('recordings.start', { params: { id: c.id } })).id).not.toBe(rec.id);
  });

  it('records a conference with recording enabled when its open job opens it, and only that one', async () => {
    const recorded = await newConference({ recordingEnabled: true, inMs: 500 });
    const plain = await newConference({ recordingEnabled: false, inMs: 500 });
    await plane.jobs.schedule(recorded);
    await plane.jobs.schedule(plain);
    const row = await waitFor('the automatic recording', async () => (await plane.db.prisma.recording.findFirst({ where: { conferenceId: recorded.id } })) ?? undefined, 15_000);
    expect(row).toMatchObject({ status: 'pending', requestedBy: null });
    expect((await queue.getJob(`record-${row.id}`))?.data).toEqual({ conferenceId: recorded.id, recordingId: row.id });
    await waitFor('the other to open', async () => ((await plane.db.prisma.conference.findUniqueOrThrow({ where: { id: plain.id } })).status === 'open' ? true : undefined));
    expect(await plane.db.prisma.recording.count({ where: { conferenceId: plain.id } })).toBe(0);
  });

  const connect = (token: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`${plane.url}${namespaces.recorder}`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err: Error & { data?: { code?: string } }) => reject(Object.assign(new Error(err.message), { code: err.data?.code })));
    });

  it('serves recorders only, and keeps the row as the recorder reports it', async () => {
    await expect(connect(await plane.tokens.signNode({ sub: 'node-x' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const socket = await connect(await plane.tokens.signRecorder({ sub: 'recorder-test' }));
    const c = await newConference();
    const rec = ok(await apiClient(plane.url, plane.operatorToken)('recordings.start', { params: { id: c.id } }));

    const state = await callMessage(socket, recorderRequests, 'recordingState', { recordingId: rec.id });
    expect(state).toMatchObject({ conferenceId: c.id, conferenceStatus: 'open', finish: false, program: [] });
    await callMessage(socket, recorderRequests, 'reportRecording', { recordingId: rec.id, status: 'recording', startedAt: new Date().toISOString() });
    expect((await plane.db.prisma.recording.findUniqueOrThrow({ where: { id: rec.id } })).status).toBe('recording');

    // The conference ends: the recorder is told to finish.
    await plane.db.prisma.conference.update({ where: { id: c.id }, data: { status: 'ended' } });
    expect((await callMessage(socket, recorderRequests, 'recordingState', { recordingId: rec.id })).finish).toBe(true);
    // No live room: no tap. Audio ports come as a list, one per audio track, up to the cap.
    const port = (n: number) => ({ ip: '127.0.0.1', port: n });
    await expect(callMessage(socket, recorderRequests, 'openTap', { recordingId: rec.id, video: port(50000), audio: [port(50002)] })).rejects.toMatchObject({ code: 'CONFLICT' });
    for (const audio of [[], [50002, 50004, 50006, 50008, 50010].map(port)])
      await expect(callMessage(socket, recorderRequests, 'openTap', { recordingId: rec.id, video: port(50000), audio })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(callMessage(socket, recorderRequests, 'recordingState', { recordingId: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
