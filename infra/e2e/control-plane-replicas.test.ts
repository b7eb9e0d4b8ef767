import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFrontDoor, type FrontDoor } from '../local/front-door.js';
import { operatorApi } from '../local/operator-api.js';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { startScratchStack, testRedisUrl } from '@lienthong/testing/scratch-stack';
import { demoConference, inboundOf, joinThroughDeviceCheck, siteState, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * One conference over three control-plane replicas (two media nodes dialing all three). Its room
 * is owned by replica 0, which no browser talks to: every site's message is relayed to it, and
 * every event it sends reaches the sites through the socket.io Redis adapter, but one, which comes
 * in through a front door (a load balancer's stand-in) that sends it to the owner. Then the owner
 * is killed with kill -9: another replica takes the lease, adopts the room (same sessions,
 * routers, transports and consumers) and answers stage actions; the site whose socket died with
 * the owner reconnects through the front door to a live replica and resumes its session. Every
 * site goes on receiving throughout.
 */
describe('three control-plane replicas, one conference', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;
  let redis: Redis;
  const pages: Page[] = [];
  let replicaIds: string[];
  let frontDoor: FrontDoor;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(20000, 50), { replicas: 3, redisPrefix: 'lienthong-replicas' });
    browser = await launchChromium();
    conference = await demoConference(stack);
    redis = new Redis(testRedisUrl);
    replicaIds = await Promise.all(stack.urls.map(async (url) => (await operatorApi(stack, url).call('health.get')).replica));
    frontDoor = await startFrontDoor(stack.urls, 'first-alive');
  });

  afterAll(async () => {
    redis?.disconnect();
    await browser?.close();
    await frontDoor?.close();
    await stack?.stop();
  });

  /** A site's join link, opened through replica `replica` (each replica serves the whole app) or the front door. */
  const through = (joinUrl: string, replica: number | 'front door') =>
    joinUrl.replace(stack.url, replica === 'front door' ? frontDoor.url : stack.urls[replica]!);
  /** The replica's own answer to an operator giving (or taking back) the floor through it. */
  const floor = (replica: number, siteId: string | null) =>
    operatorApi(stack, stack.urls[replica]).result('conferences.giveFloor', { params: { id: conference.id }, body: { siteId } });
  const owner = async () => {
    const raw = await redis.get(`lienthong-replicas:room-owner:${conference.id}`);
    return raw ? replicaIds.indexOf((JSON.parse(raw) as { replicaId: string }).replicaId) : null;
  };
  const speakerOn = (page: Page) => page.getByTestId('program-speaker').innerText().catch(() => '');
  const shows = (page: Page, name: string) => async () => ((await speakerOn(page)).includes(name) ? true : undefined);
  const frames = async (page: Page) => (await inboundOf(page).catch(() => null))?.videoFramesDecoded ?? 0;
  /**
   * Frames decoded since it was made, across program changes: a change of picture consumes anew,
   * so the page's own counter restarts from zero (a fall is a new stream, not lost frames).
   */
  const decodedFrames = (page: Page) => {
    let total = 0;
    let last = 0;
    return async () => {
      const now = await frames(page);
      total += now >= last ? now - last : now;
      last = now;
      return total;
    };
  };

  const communes = () => conference.sites.filter((s) => !s.isOrigin && s.unit.tier === 3);
  const hallSite = () => conference.sites.find((s) => s.isOrigin)!;

  it('sites on two replicas share the room a third owns; the floor given through one reaches everyone', async () => {
    // An operator's stage action through replica 0 opens the room there.
    expect((await floor(0, null)).status).toBe(200);
    expect(await owner()).toBe(0);

    const [floorSite, listenerSite, doorSite] = [communes()[0]!, communes().at(-1)!, communes()[1]!];
    const open = async (joinUrl: string, replica: number | 'front door', delegates: number) => {
      const page = await (await browser.newContext()).newPage();
      pages.push(page);
      await joinThroughDeviceCheck(page, through(joinUrl, replica), { delegates });
      return page;
    };
    const hall = await open(hallSite().joinUrl, 1, 250);
    await waitFor('the hall to send', async () => ((await siteState(hall)) === 'receiving' ? true : undefined), 30_000);
    const floorPage = await open(floorSite.joinUrl, 2, 40);
    const listener = await open(listenerSite.joinUrl, 1, 25);
    // Through the front door, which sends everything to replica 0 while it lives: the owner.
    const door = await open(doorSite.joinUrl, 'front door', 30);
    await waitFor('the hall on the listener', shows(listener, hallSite().name), 30_000);
    await waitFor('the hall on the site behind the front door', shows(door, hallSite().name), 30_000);
    await waitFor('the hall on the floor site', shows(floorPage, hallSite().name), 30_000);

    // Given through replica 2, carried out by replica 0, seen by sites on replicas 1 and 2.
    const given = await floor(2, floorSite.id);
    expect(given.status, given.error?.message).toBe(200);
    expect(given.data?.floor?.siteId).toBe(floorSite.id);
    await waitFor('the floor on the listener (replica 1)', shows(listener, floorSite.name), 30_000);
    await waitFor('the floor on the hall (replica 1)', shows(hall, floorSite.name), 30_000);
    await waitFor('the floor on the site behind the front door (replica 0)', shows(door, floorSite.name), 30_000);
    await floorPage.getByTestId('on-floor').waitFor({ timeout: 30_000 });
    // Every replica answers the same stage: they read the one room.
    for (let replica = 0; replica < 3; replica++) {
      const stage = await operatorApi(stack, stack.urls[replica]).call('conferences.stage', { params: { id: conference.id } });
      expect(stage.floor?.siteId).toBe(floorSite.id);
    }
  });

  it('kill -9 of the owner: another replica adopts the room and answers the stage; the sites never stop receiving', async () => {
    const [hall, , listener, door] = pages as [Page, Page, Page, Page];
    await new Promise((r) => setTimeout(r, 500)); // the room's coalesced records reach Redis
    const consumerIds = (page: Page) => page.evaluate(() => window.__lienthong!.consumerIds());
    const [consumersBefore, doorConsumersBefore] = [await consumerIds(listener), await consumerIds(door)];
    // Sampled throughout: the listener's and the door site's decoded frames, and the pages' states.
    const samples: { at: number; frames: number; doorFrames: number; listener: string | undefined; hall: string | undefined; door: string | undefined }[] = [];
    let sampling = true;
    const listenerFrames = decodedFrames(listener);
    const doorFrames = decodedFrames(door);
    const sampler = (async () => {
      while (sampling) {
        samples.push({
          at: Date.now(),
          frames: await listenerFrames(),
          doorFrames: await doorFrames(),
          listener: await siteState(listener),
          hall: await siteState(hall),
          door: await siteState(door),
        });
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    const killedAt = Date.now();
    let answeredAt = 0;
    try {
      await stack.killControlPlane(0);
      // The operator takes the floor back through replica 1 as soon as the cluster answers.
      await waitFor(
        'a stage action answered by the new owner',
        async () => {
          const res = await floor(1, null);
          if (res.status !== 200) return undefined;
          answeredAt = Date.now();
          return true;
        },
        30_000,
        250,
      );
      await waitFor('the hall again on the listener', shows(listener, hallSite().name), 30_000);
      // The door site's socket died with the owner: it resumes its session on a live replica.
      await waitFor('the door site to resume its session', async () => ((await door.evaluate(() => window.__lienthong!.sessionResumes())) > 0 ? true : undefined), 30_000);
      await waitFor('the hall again on the door site', shows(door, hallSite().name), 30_000);
      await new Promise((r) => setTimeout(r, 2000));
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- stack logs ---\n${stack.logs.slice(-150).join('\n')}`);
    } finally {
      sampling = false;
      await sampler;
    }
    const newOwner = await owner();
    expect([1, 2]).toContain(newOwner);

    // Nobody rejoined: never back to connecting or an error (a program change passes through
    // 'joined' for a moment), and the listener still has consumers it had before the kill (the
    // hall's sound, consumed throughout): a rejoin would have replaced every one of them. (The
    // hall's picture is consumed anew: a site consumes only the video on screen.)
    const inSession = new Set(['joined', 'receiving']);
    expect(samples.filter((x) => ![x.listener, x.hall, x.door].every((state) => inSession.has(state ?? '')))).toEqual([]);
    const kept = (before: string[], after: string[]) => after.filter((id) => before.includes(id)).length;
    expect(kept(consumersBefore, await consumerIds(listener))).toBeGreaterThan(0);
    // The door site lost its socket, not its session: its media objects are the ones it had.
    expect(kept(doorConsumersBefore, await consumerIds(door))).toBeGreaterThan(0);
    // And the pictures went on decoding across the hand-over.
    const during = samples.filter((x) => x.at >= killedAt && x.at <= answeredAt);
    expect(during.length).toBeGreaterThan(2);
    expect(samples.at(-1)!.frames).toBeGreaterThan(during[0]!.frames);
    expect(samples.at(-1)!.doorFrames).toBeGreaterThan(during[0]!.doorFrames);
    const longestStall = (frames: (x: (typeof samples)[number]) => number) => {
      let longest = 0;
      for (let i = 1, since = samples[0]!.at; i < samples.length; i++) {
        if (frames(samples[i]!) > frames(samples[i - 1]!)) since = samples[i]!.at;
        else longest = Math.max(longest, samples[i]!.at - since);
      }
      return longest;
    };
    console.log(
      JSON.stringify({
        event: 'owner-kill',
        newOwner,
        stageAnsweredMs: answeredAt - killedAt,
        longestFrameStallMs: longestStall((x) => x.frames),
        longestFrameStallBehindFrontDoorMs: longestStall((x) => x.doorFrames),
      }),
    );
  });
});
