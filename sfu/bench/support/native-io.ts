import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, 'fanout-io.c');

/**
 * Builds fanout-io.c with the system cc into the bench's cache (again when the source is newer),
 * against the libsrtp2 (OpenSSL crypto) the setup builds for the worker: its SRTCP.
 */
export function buildFanoutIo(cacheDir: string): string {
  mkdirSync(cacheDir, { recursive: true });
  const bin = path.join(cacheDir, 'fanout-io');
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(source).mtimeMs) {
    const srtp = execFileSync('bash', [path.join(here, '../../../infra/setup/libsrtp2-openssl.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    const args = ['-O2', '-Wall', '-Wno-deprecated-declarations', `-I${srtp}/include`, '-o', bin, source, `${srtp}/libsrtp2.a`, '-lssl', '-lcrypto'];
    execFileSync('cc', args, { stdio: 'inherit' });
  }
  return bin;
}

/**
 * One fanout-io process driven over its line protocol: requests answer in order; "ready I PROFILE"
 * lines (a receiver's DTLS handshake done, with the SRTP profile the node chose) arrive whenever
 * and go to whoever waits for that receiver.
 */
class LineProcess {
  protected readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: ((line: string) => void)[] = [];
  private readonly ready = new Map<number, (profile: string) => void>();
  private readonly readyEarly = new Map<number, string>();

  constructor(bin: string, args: ['sink', SinkWaking] | ['fanout']) {
    this.child = spawn(bin, args);
    this.child.stderr.pipe(process.stderr);
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (line.startsWith('ready ')) {
        const [, index, profile = ''] = line.split(' ');
        const waiter = this.ready.get(Number(index));
        if (waiter) waiter(profile);
        else this.readyEarly.set(Number(index), profile);
        return;
      }
      this.answers.shift()?.(line);
    });
  }

  /** Sends a line and resolves with the next answer line (the first one when `line` is null). */
  ask(line: string | null): Promise<string> {
    return new Promise((resolve) => {
      this.answers.push(resolve);
      if (line !== null) this.child.stdin.write(line + '\n');
    });
  }

  tell(line: string): void {
    this.child.stdin.write(line + '\n');
  }

  /** Resolves with the SRTP profile of receiver `index`'s DTLS handshake once it is done. */
  whenReady(index: number, timeoutMs: number): Promise<string> {
    const early = this.readyEarly.get(index);
    if (early !== undefined) {
      this.readyEarly.delete(index);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver ${index}: no DTLS handshake in ${timeoutMs} ms`)), timeoutMs);
      this.ready.set(index, (profile) => {
        clearTimeout(timer);
        this.ready.delete(index);
        resolve(profile);
      });
    });
  }

  stop(): void {
    this.child.stdin.end('quit\n');
  }
}

export interface SinkRtcp {
  feedbacks: number;
  reports: number;
  senderReports: number;
  srtcpErrors: number;
  /** REMB packets sent (one in each receiver report's compound packet, when asked for). */
  rembs: number;
}

/**
 * How the sink waits for datagrams. `paced`: it polls its sockets each millisecond and is never
 * waited on, so a datagram costs its sender the loopback delivery but no wake-up of the sink;
 * `woken`: it sleeps in epoll_wait and every datagram that finds it asleep wakes it up, a
 * cross-CPU wake-up the sending forwarder pays (the bench before; a forwarder that sends in
 * bursts, like raw C, pays it once a burst, one that sends packet by packet once a packet).
 */
export type SinkWaking = 'paced' | 'woken';

/** Receivers in a process of their own: plain UDP ones, or WebRTC peers of WebRtcTransports. */
export class Sink extends LineProcess {
  /** SHA-256 fingerprint of the certificate every receiver shows in its DTLS handshake. */
  fingerprint = '';
  /**
   * How many WebRTC receivers got each SRTP profile. They offer what Chromium offers and the node
   * chooses, as it does for a site (the site-endpoint e2e test reads a real browser's choice).
   */
  readonly srtpProfiles: Record<string, number> = {};

  static async start(bin: string, waking: SinkWaking): Promise<Sink> {
    const sink = new Sink(bin, ['sink', waking]);
    sink.fingerprint = (await sink.ask(null)).split(' ')[1]!;
    return sink;
  }

  /** Opens `n` more receivers; answers their ports, in index order. */
  async open(n: number): Promise<number[]> {
    const line = await this.ask(`open ${n}`);
    return line.split(' ').slice(1).map(Number);
  }

  /** Makes receiver `index` a WebRTC peer of the transport listening on `port` (ICE, then DTLS). */
  async connectWebRtc(index: number, port: number, ice: { usernameFragment: string; password: string }): Promise<void> {
    const done = this.whenReady(index, 10_000);
    this.tell(`ice ${index} ${port} ${ice.usernameFragment} ${ice.password}`);
    const profile = await done;
    this.srtpProfiles[profile] = (this.srtpProfiles[profile] ?? 0) + 1;
  }

  /**
   * Makes WebRTC receiver `index` send what a browser's receiver sends (SRTCP): transport-cc
   * feedback every 100 ms for the header extension `transportCcExtensionId` (0: none) and a
   * receiver report each second, with a REMB of `rembBps` for the SSRC it receives when given
   * (a receiver estimating its downlink itself).
   */
  sendRtcp(index: number, transportCcExtensionId: number, rembBps?: number): void {
    this.tell(`rtcp ${index} ${transportCcExtensionId}${rembBps ? ` ${Math.round(rembBps)}` : ''}`);
  }

  /**
   * Media packets all receivers got, those missing from their sequences, the sink's CPU time, and
   * its RTCP: feedback packets, receiver reports and REMBs sent, sender reports it decrypted, SRTCP errors.
   */
  async count(): Promise<{ packets: number; lost: number; cpuMs: number; rtcp: SinkRtcp }> {
    const [, packets, lost, cpuMs, feedbacks, reports, senderReports, srtcpErrors, rembs] = (await this.ask('count')).split(' ').map(Number);
    return {
      packets: packets!,
      lost: lost!,
      cpuMs: cpuMs!,
      rtcp: { feedbacks: feedbacks!, reports: reports!, senderReports: senderReports!, srtcpErrors: srtcpErrors!, rembs: rembs! },
    };
  }
}

/** The raw C baseline: one socket in, `sendmmsg` of each packet to every destination. */
export class CFanout extends LineProcess {
  port = 0;

  static async start(bin: string): Promise<CFanout> {
    const f = new CFanout(bin, ['fanout']);
    f.port = Number((await f.ask(null)).split(' ')[1]);
    return f;
  }

  async addDestinations(ports: number[]): Promise<void> {
    for (let i = 0; i < ports.length; i += 1000) await this.ask(`dest ${ports.slice(i, i + 1000).join(' ')}`);
  }

  async count(): Promise<{ received: number; lost: number; sent: number; cpuMs: number }> {
    const [, received, lost, sent, cpuMs] = (await this.ask('count')).split(' ');
    return { received: Number(received), lost: Number(lost), sent: Number(sent), cpuMs: Number(cpuMs) };
  }
}
