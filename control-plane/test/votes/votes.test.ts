import { callMessage, consoleRequests, namespaces, siteRequests, type VoteWithTally } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

/**
 * Votes through the real gateways and REST: three sites of two provinces enter counts, the tally
 * adds up per unit, a count above a site's present delegates is refused, a correction counts once,
 * consoles follow the tally, and closing refuses later entries and lists who did not vote.
 */
describe('votes by delegates', () => {
  let plane: TestControlPlane;
  let api: ReturnType<typeof apiClient>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    plane = await startTestControlPlane();
    api = apiClient(plane.url, plane.operatorToken);
  }, 120_000);
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await plane?.stop();
  });

  const connect = async (namespace: string, token: string) => {
    const socket = io(`${plane.url}${namespace}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const site = (unitCode: string) => plane.seed.sites.find((s) => s.unitCode === unitCode)!;
  async function siteSocket(code: string, delegates: number) {
    const conferenceId = plane.seed.conferenceId;
    await plane.db.prisma.delegateReport.upsert({
      where: { conferenceId_siteId: { conferenceId, siteId: site(code).id } },
      create: { conferenceId, siteId: site(code).id, delegates },
      update: { delegates },
    });
    return connect(namespaces.site, await plane.tokens.signSite({ sub: site(code).id, conf: conferenceId }, 600));
  }
  const until = async <T>(probe: () => T | undefined, what: string): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const value = probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('tallies three sites per province, refuses too many votes, counts a correction once, closes and exports', async () => {
    const conferenceId = plane.seed.conferenceId;
    const consoleSocket = await connect(namespaces.console, plane.operatorToken);
    const heard: VoteWithTally[] = [];
    consoleSocket.on('voteChanged', (v: VoteWithTally) => heard.push(v));
    expect(await callMessage(consoleSocket, consoleRequests, 'watchVotes', { conferenceId })).toEqual([]);

    const [bd, hk, hc] = await Promise.all([siteSocket('HN-BD-DB', 40), siteSocket('HN-HK-HB', 30), siteSocket('DN-HC-TT', 25)]);
    const siteHeard: VoteWithTally[] = [];
    hc.on('voteChanged', (v: VoteWithTally) => siteHeard.push(v));
    // Asking for the votes also subscribes a site to their news.
    expect(await callMessage(hc, siteRequests, 'votes', {})).toEqual([]);

    const opened = await api('votes.open', {
      params: { id: conferenceId },
      body: { question: 'Thông qua Nghị quyết Đại hội', options: ['Tán thành', 'Không tán thành', 'Không biểu quyết'], durationSeconds: 600 },
    });
    expect(opened.status).toBe(201);
    const voteId = opened.data!.id;

    expect(await callMessage(bd, siteRequests, 'enterVote', { voteId, counts: [35, 3, 2] })).toEqual({ counts: [35, 3, 2], corrected: false });
    expect(await callMessage(hk, siteRequests, 'enterVote', { voteId, counts: [30, 0, 0] })).toMatchObject({ corrected: false });
    // 26 votes from a hall of 25 delegates present: refused, nothing counted.
    await expect(callMessage(hc, siteRequests, 'enterVote', { voteId, counts: [20, 6, 0] })).rejects.toMatchObject({ code: 'DELEGATES_EXCEEDED' });
    expect(await callMessage(hc, siteRequests, 'enterVote', { voteId, counts: [20, 5, 0] })).toMatchObject({ corrected: false });
    // A late correction replaces the site's counts: counted once.
    expect(await callMessage(bd, siteRequests, 'enterVote', { voteId, counts: [38, 1, 1] })).toEqual({ counts: [38, 1, 1], corrected: true });
    await expect(callMessage(bd, siteRequests, 'enterVote', { voteId, counts: [1, 1] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const expected = [88, 6, 1];
    const live = await until(() => heard.find((v) => v.vote.id === voteId && v.tally.voted === 3 && v.tally.totals[0] === 88), 'the console tally');
    expect(live.tally.totals).toEqual(expected);
    const groups = Object.fromEntries(live.tally.groups.map(([code, , voted, , counts]) => [code, { voted, counts }]));
    // Demo's host is the central unit: subtotals per province (and the hall's own unit).
    expect(groups.HN).toEqual({ voted: 2, counts: [68, 1, 1] });
    expect(groups.DN).toEqual({ voted: 1, counts: [20, 5, 0] });
    // Sites get the totals, not the units' subtotals.
    // (News of the tally before the correction may come first: a tick can fall between the entries.)
    const toSite = await until(() => siteHeard.find((v) => v.tally.voted === 3 && v.tally.totals[0] === 88), 'the site tally');
    expect(toSite.tally).toMatchObject({ totals: expected, groups: [] });
    expect((await callMessage(bd, siteRequests, 'votes', {}))[0]).toMatchObject({ mine: [38, 1, 1], tally: { totals: expected } });

    const closed = await api('votes.close', { params: { id: voteId } });
    expect(closed.data?.vote.status).toBe('closed');
    expect(closed.data?.tally.totals).toEqual(expected);
    const everyone = plane.seed.sites.length;
    expect(closed.data?.tally.expected).toBe(everyone);
    expect(closed.data?.notVoted).toHaveLength(everyone - 3);
    expect(closed.data?.notVoted.map((s) => s.siteId)).not.toContain(site('HN-BD-DB').id);
    await expect(callMessage(hk, siteRequests, 'enterVote', { voteId, counts: [29, 1, 0] })).rejects.toMatchObject({ code: 'VOTE_CLOSED' });

    // Stored in PostgreSQL: the entries with their corrections, the final tally, the audit trail.
    const entries = await plane.db.prisma.voteEntry.findMany({ where: { voteId } });
    expect(Object.fromEntries(entries.map((e) => [e.siteId, [e.counts, e.revision]]))).toEqual({
      [site('HN-BD-DB').id]: [[38, 1, 1], 2],
      [site('HN-HK-HB').id]: [[30, 0, 0], 1],
      [site('DN-HC-TT').id]: [[20, 5, 0], 1],
    });
    expect((await api('votes.get', { params: { id: voteId } })).data?.tally.totals).toEqual(expected);
    const audit = await plane.db.prisma.auditEntry.findMany({ where: { resourceId: voteId } });
    expect(audit.map((a) => a.action).sort()).toEqual(['votes.close', 'votes.open']);
    const table = await api('votes.sites', { params: { id: voteId } });
    const rows = (table.data as { rows: Record<string, unknown>[] }).rows;
    expect(rows.find((r) => r.site === site('HN-BD-DB').name)).toMatchObject({ voted: true, option1: 38, corrections: 1 });
    expect(rows.filter((r) => r.voted === false)).toHaveLength(everyone - 3);
  }, 60_000);

  it('refuses a vote from a site with no delegates reported, and closes by itself at the time limit', async () => {
    const conferenceId = plane.seed.conferenceId;
    const silent = await connect(namespaces.site, await plane.tokens.signSite({ sub: site('DN-HV-HB').id, conf: conferenceId }, 600));
    const voter = await siteSocket('DN-HV-HP', 12);
    const opened = await api('votes.open', { params: { id: conferenceId }, body: { question: 'Bầu thư ký', options: ['Đồng ý', 'Không đồng ý'], secret: true, durationSeconds: 10 } });
    const voteId = opened.data!.id;
    await expect(callMessage(silent, siteRequests, 'enterVote', { voteId, counts: [1, 0] })).rejects.toMatchObject({ code: 'DELEGATES_EXCEEDED' });
    await callMessage(voter, siteRequests, 'enterVote', { voteId, counts: [10, 2] });
    // A secret ballot's export names who voted, not what each entered.
    const table = await api('votes.sites', { params: { id: voteId } });
    expect(table.error).toBeUndefined();
    expect((table.data as { columns: { key: string }[] }).columns.map((c) => c.key)).not.toContain('option1');
    // Nobody closes it: past its 10 s the next read finds it closed, with what was entered.
    await new Promise((r) => setTimeout(r, Date.parse(opened.data!.closesAt) - Date.now() + 100));
    await expect(callMessage(voter, siteRequests, 'enterVote', { voteId, counts: [12, 0] })).rejects.toMatchObject({ code: 'VOTE_CLOSED' });
    const result = await api('votes.get', { params: { id: voteId } });
    expect(result.data?.vote.status).toBe('closed');
    expect(result.data?.tally).toMatchObject({ totals: [10, 2], voted: 1 });
  }, 30_000);
});
