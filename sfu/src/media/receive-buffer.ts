import { readFile } from 'node:fs/promises';

/**
 * What a mediasoup worker's UDP sockets get as their receive buffer: the host's
 * net.core.rmem_default (mediasoup 3.12 never sets SO_RCVBUF, and the agent cannot reach the
 * worker's sockets). Linux's 212,992 bytes hold ~90 full-size datagrams (each costs ~2.3 KB of
 * buffer): a worker busy fanning a keyframe out to hundreds of consumers overflows it, and the
 * kernel drops program packets for every site of the worker (the capacity estimate learns from
 * those drops, socket-drops.ts). Only the host can raise it (runbooks/capacity.md).
 */
export const recommendedReceiveBufferBytes = 4 * 1024 * 1024;

/** The host's default UDP receive buffer in bytes (null: not Linux, or not readable). */
export async function hostReceiveBufferBytes(file = '/proc/sys/net/core/rmem_default'): Promise<number | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  const bytes = text === null ? NaN : Number(text.trim());
  return Number.isFinite(bytes) && bytes > 0 ? bytes : null;
}
