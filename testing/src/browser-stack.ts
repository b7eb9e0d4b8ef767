import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import { launchChromium } from './browser.js';
import { startScratchStack } from './scratch-stack.js';

export interface BrowserStack {
  stack: Awaited<ReturnType<typeof startScratchStack>>;
  db: Database;
  browser: Browser;
  /** The demo seed's units, id by code. */
  unitIds: Record<string, string>;
  /** The recordings' folder, when asked for (removed afterwards). */
  recordingsDir: string;
}

/**
 * The set-up of a browser test that needs no media node: a scratch stack with the demo seed (and a
 * recordings folder of its own when `recordingsDir` names its prefix), a handle on its database,
 * the units' ids and Chromium, made before the file's tests and torn down after them. The fields
 * are filled when the file's own `beforeAll` runs (registered after this call, it runs after it).
 */
export function useBrowserStack(options: { port?: number; recordingsDir?: string; controlPlaneEnv?: Record<string, string> } = {}): BrowserStack {
  const env = {} as BrowserStack;
  beforeAll(async () => {
    env.recordingsDir = options.recordingsDir ? await mkdtemp(path.join(tmpdir(), options.recordingsDir)) : '';
    env.stack = await startScratchStack([], { port: options.port, recordingsDir: env.recordingsDir || undefined, controlPlaneEnv: options.controlPlaneEnv });
    env.db = await openDatabase({ databaseUrl: env.stack.databaseUrl });
    env.unitIds = Object.fromEntries((await env.db.prisma.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]));
    env.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.db?.close();
    await env.stack?.stop();
    if (env.recordingsDir) await rm(env.recordingsDir, { recursive: true, force: true });
  });
  return env;
}

/**
 * A browser context as an operator or member at a desk in Vietnam sees the pages (1366x768).
 * bypassCSP: axe-core is injected as a script of its own; the pages allow only their own scripts.
 */
export async function deskContext(browser: Browser, language: 'vi' | 'en' = 'vi'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 768 }, bypassCSP: true });
  if (language === 'en') await context.addInitScript(() => localStorage.setItem('lienthong.language', 'en'));
  return context;
}
