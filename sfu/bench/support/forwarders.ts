import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CFanout, type Sink } from './native-io.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What the fan-out bench measures: something that takes one stream in and copies it to receivers. */
export interface Forwarder {
  /** Where the replay sends the stream. */
  inputPort: number;
  /** Adds one consumer per new receiver (`first` is the index of the first of `ports` in the sink). */
  grow(sink: Sink, first: number, ports: number[]): Promise<void>;
  /**
   * Packets taken in, packets missing from the input (RTP sequence gaps), the forwarding process's
   * CPU time, and (mediasoup's workers) datagrams the kernel dropped at its sockets so far.
   */
  counters(): Promise<{ received: number; lost: number; cpuMs: number; kernelDrops?: number }>;
  close(): Promise<void>;
}

/** Raw C: one socket in, sendmmsg to every receiver. */
export async function rawC(bin: string): Promise<Forwarder> {
  const f = await CFanout.start(bin);
  return {
    inputPort: f.port,
    grow: (_sink, _first, ports) => f.addDestinations(ports),
    counters: () => f.count(),
    close: async () => f.stop(),
  };
}

/** Raw Node: a child process that sends each packet from one dgram socket to every receiver. */
export async function rawNode(): Promise<Forwarder> {
  const child = fork(path.join(here, 'udp-fanout.ts'), { execArgv: ['--import', 'tsx'] });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  const { port } = await next<{ port: number }>();
  return {
    inputPort: port,
    grow: async (_sink, _first, ports) => void child.send({ add: ports }),
    counters: () => {
      const answer = next<{ received: number; lost: number; cpuMs: number }>();
      child.send({ report: true });
      return answer;
    },
    close: async () => void child.send({ stop: true }),
  };
}
