import { readFile } from 'node:fs/promises';

/** One UDP socket as /proc/net/udp lists it: its local port and the datagrams the kernel dropped at it. */
export interface UdpSocketDrops {
  port: number;
  inode: string;
  drops: number;
}

/**
 * Parses /proc/net/udp or /proc/net/udp6: one line per socket, the local address as hex
 * `ADDR:PORT`, the inode tenth and the drop count last. A datagram is dropped there when the
 * socket's receive buffer is full, i.e. the worker did not read in time (a keyframe fanned out to
 * hundreds of consumers keeps it busy): input loss the node itself causes, not the network's.
 */
export function parseProcNetUdp(text: string): UdpSocketDrops[] {
  const sockets: UdpSocketDrops[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 13) continue;
    const port = Number.parseInt(fields[1]!.split(':')[1] ?? '', 16);
    const drops = Number(fields.at(-1));
    if (!Number.isFinite(port) || !Number.isFinite(drops)) continue;
    sockets.push({ port, inode: fields[9]!, drops });
  }
  return sockets;
}

/**
 * Datagrams dropped at each worker's sockets (the worker's slice of the RTC port range) since the
 * previous reading. Sockets are told apart by inode, so a new transport reusing a port starts from
 * its own count and a closed socket's drops are not taken back. The first reading only sets the
 * baseline (it answers zeros). Linux only; elsewhere it answers zeros.
 */
export class SocketDropMeter {
  private last: Map<string, number> | null = null;

  constructor(
    private readonly slices: readonly { min: number; max: number }[],
    private readonly read: () => Promise<string[]> = readProcNetUdp,
  ) {}

  async sample(): Promise<number[]> {
    const sockets = (await this.read().catch(() => [])).flatMap(parseProcNetUdp);
    const dropped = this.slices.map(() => 0);
    const now = new Map<string, number>();
    for (const s of sockets) {
      const worker = this.slices.findIndex((r) => s.port >= r.min && s.port <= r.max);
      if (worker < 0) continue;
      now.set(s.inode, s.drops);
      if (this.last) dropped[worker]! += Math.max(0, s.drops - (this.last.get(s.inode) ?? 0));
    }
    this.last = now;
    return dropped;
  }
}

async function readProcNetUdp(): Promise<string[]> {
  return Promise.all(['/proc/net/udp', '/proc/net/udp6'].map((file) => readFile(file, 'utf8').catch(() => '')));
}
