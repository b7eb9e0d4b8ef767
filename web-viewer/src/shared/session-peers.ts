// The other tabs of this browser that hold the same session. A tab opened from another (or
// duplicated) starts with a copy of its sessionStorage, so two tabs can hold one refresh token;
// it works once, and presenting a spent one ends the whole session on the server. So tabs trade
// one at a time (a Web Lock across tabs), tell each other the new pair (BroadcastChannel), and a
// tab about to trade first asks whether another tab already did (it may have slept through the
// news). Every message is checked like any input.
import { loginResponseSchema, type LoginResponse } from '@lienthong/contracts';
import { z } from 'zod';

const messageSchema = z.discriminatedUnion('type', [
  /** `spent` was traded for `answer` (at `obtainedAt`, ms since the epoch). */
  z.object({ type: z.literal('rotated'), spent: z.string(), answer: loginResponseSchema, obtainedAt: z.number() }),
  /** Has anyone traded this refresh token? (Whoever has answers with `rotated`.) */
  z.object({ type: z.literal('asked'), refreshToken: z.string() }),
  /** The session of this refresh token was ended on purpose (logout). */
  z.object({ type: z.literal('ended'), refreshToken: z.string() }),
]);
export type PeerMessage = z.infer<typeof messageSchema>;

export interface PeerListener {
  rotated(spent: string, answer: LoginResponse, obtainedAt: number): void;
  asked(refreshToken: string): void;
  ended(refreshToken: string): void;
}

export interface SessionPeers {
  /** Runs `fn` while no other tab runs one for this session (or at once where Web Locks are missing). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Asks the other tabs about `refreshToken`; resolves once they had time to answer (answers come as `rotated`). */
  ask(refreshToken: string): Promise<void>;
  tell(message: PeerMessage): void;
  listen(listener: PeerListener): () => void;
}

/** How long a tab about to trade waits for another tab to say it already did (an idle tab answers in a few ms). */
const ASK_WAIT_MS = 250;

/** The tabs sharing the session stored under `key`; null where the browser cannot reach other tabs. */
export function sessionPeers(key: string): SessionPeers | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(`lienthong.session-peers:${key}`);
  // Node (tests) would otherwise stay alive for the channel.
  (channel as { unref?: () => void }).unref?.();
  const listeners = new Set<PeerListener>();
  channel.onmessage = (event: MessageEvent) => {
    const message = messageSchema.safeParse(event.data);
    if (!message.success) return;
    const m = message.data;
    for (const l of listeners) {
      if (m.type === 'rotated') l.rotated(m.spent, m.answer, m.obtainedAt);
      else if (m.type === 'asked') l.asked(m.refreshToken);
      else l.ended(m.refreshToken);
    }
  };
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  return {
    // The lock is held until fn settles; its promise resolves with fn's result.
    exclusive: <T>(fn: () => Promise<T>) => (locks ? (locks.request(`lienthong.refresh:${key}`, fn) as Promise<T>) : fn()),
    async ask(refreshToken) {
      channel.postMessage({ type: 'asked', refreshToken } satisfies PeerMessage);
      await new Promise((resolve) => setTimeout(resolve, ASK_WAIT_MS));
    },
    tell: (message) => channel.postMessage(message),
    listen(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
