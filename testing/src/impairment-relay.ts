import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, connect, type Server, type Socket as TcpSocket } from 'node:net';

/**
 * What the relay does to traffic. Loss, delay and the rate cap apply to the downlink (node to
 * browser); `blockUdp` drops every UDP packet both ways, as a firewall that allows only TCP would;
 * `cut` is a network blip: nothing passes either way, UDP or TCP, until it is lifted.
 */
export interface Impairment {
  lossPercent: number;
  /**
   * Mean length of a loss burst, in packets: 1 drops packets independently; more makes the same
   * average loss come in runs (a two-state Gilbert model), as a fading radio link does.
   */
  burstPackets: number;
  delayMs: number;
  /** null: no cap. Packets beyond the cap queue, and are dropped past `maxQueueMs` of queue. */
  rateKbps: number | null;
  maxQueueMs: number;
  blockUdp: boolean;
  cut: boolean;
}

export const noImpairment: Impairment = { lossPercent: 0, burstPackets: 1, delayMs: 0, rateKbps: null, maxQueueMs: 250, blockUdp: false, cut: false };

/**
 * A userspace stand-in for netem (not available here) between browsers and one media node: the node
 * listens on `targetIp` and announces `listenIp`; the relay listens on `listenIp` on every port of
 * the node's RTC range, UDP and TCP, and forwards to the same port on `targetIp`. Each browser
 * address gets its own upstream UDP socket, so the node's answers come back through the relay.
 * mediasoup is ICE-lite and checks credentials, not source addresses, so it needs no change.
 * Pipes between nodes cannot cross it (a PipeTransport accepts only its connected remote's
 * address), so a relayed node serves the hall and the sites of a test alike.
 */
export class ImpairmentRelay {
  private impairment: Impairment = noImpairment;
  private readonly udp: UdpSocket[] = [];
  private readonly tcp: Server[] = [];
  private readonly upstreams = new Map<string, UdpSocket>();
  /** TCP connections through the relay, held (not read) while the link is cut */
  private readonly tcpPairs = new Set<[TcpSocket, TcpSocket]>();
  /** when the rate-capped downlink is free again (ms, Date.now() clock) */
  private linkFreeAt = 0;
  /** inside a loss burst (bursty loss only) */
  private inBurst = false;
  readonly counters = { forwardedDown: 0, droppedDown: 0, forwardedUp: 0, droppedUp: 0 };

  /** browser addresses the impairment leaves alone (e.g. the hall's, so only a site's link is weak) */
  private readonly exempt = new Set<string>();

  private constructor(
    private readonly listenIp: string,
    private readonly targetIp: string,
  ) {}

  static async start(o: { listenIp: string; targetIp: string; minPort: number; maxPort: number }): Promise<ImpairmentRelay> {
    const relay = new ImpairmentRelay(o.listenIp, o.targetIp);
    try {
      for (let port = o.minPort; port <= o.maxPort; port += 1) {
        await relay.listenUdp(port);
        await relay.listenTcp(port);
      }
    } catch (err) {
      relay.close();
      throw err;
    }
    return relay;
  }

  set(patch: Partial<Impairment>): void {
    this.impairment = { ...this.impairment, ...patch };
    for (const pair of this.tcpPairs) for (const socket of pair) {
      if (this.impairment.cut) socket.pause();
      else socket.resume();
    }
  }

  /** Every browser seen so far keeps a clean link; impairments hit only those that come later. */
  exemptCurrentClients(): void {
    for (const key of this.upstreams.keys()) this.exempt.add(key.slice(key.indexOf('/') + 1));
  }

  close(): void {
    for (const socket of [...this.udp, ...this.upstreams.values()]) socket.close();
    for (const server of this.tcp) server.close();
    this.udp.length = 0;
    this.tcp.length = 0;
    this.upstreams.clear();
  }

  private listenUdp(port: number): Promise<void> {
    const front = createSocket('udp4');
    this.udp.push(front);
    front.on('message', (packet, from) => {
      const exempt = this.exempt.has(`${from.address}:${from.port}`);
      if ((this.impairment.blockUdp || this.impairment.cut) && !exempt) return void (this.counters.droppedUp += 1);
      this.counters.forwardedUp += 1;
      this.upstreamFor(front, port, from.address, from.port).send(packet, port, this.targetIp);
    });
    return new Promise((resolve, reject) => {
      front.once('error', reject);
      front.bind(port, this.listenIp, () => resolve());
    });
  }

  private upstreamFor(front: UdpSocket, port: number, address: string, clientPort: number): UdpSocket {
    const key = `${port}/${address}:${clientPort}`;
    let upstream = this.upstreams.get(key);
    if (!upstream) {
      upstream = createSocket('udp4');
      const client = `${address}:${clientPort}`;
      const send = (packet: Buffer) => () => front.send(packet, clientPort, address);
      upstream.on('message', (packet) => (this.exempt.has(client) ? send(packet)() : this.down(packet, send(packet))));
      upstream.on('error', () => undefined);
      upstream.bind(0, this.targetIp);
      this.upstreams.set(key, upstream);
    }
    return upstream;
  }

  /** One downlink packet through loss, the rate cap and the delay. */
  private down(packet: Buffer, send: () => void): void {
    const { delayMs, rateKbps, maxQueueMs, blockUdp, cut } = this.impairment;
    const drop = () => void (this.counters.droppedDown += 1);
    if (blockUdp || cut || this.lost()) return drop();
    const now = Date.now();
    let leaveAt = now;
    if (rateKbps !== null) {
      const start = Math.max(now, this.linkFreeAt);
      if (start - now > maxQueueMs) return drop();
      this.linkFreeAt = start + (packet.length * 8) / rateKbps; // kbit/s = bit/ms
      leaveAt = this.linkFreeAt;
    }
    this.counters.forwardedDown += 1;
    const wait = leaveAt - now + delayMs;
    if (wait <= 0) send();
    else setTimeout(send, wait);
  }

  /** Whether the next downlink packet is lost: independently, or in bursts of `burstPackets` on average. */
  private lost(): boolean {
    const { lossPercent, burstPackets } = this.impairment;
    const loss = lossPercent / 100;
    if (burstPackets <= 1 || loss <= 0 || loss >= 1) return Math.random() < loss;
    // Leave a burst with 1/L per packet; enter one so that the bursts cover `loss` of the time.
    const leave = 1 / burstPackets;
    const enter = (loss * leave) / (1 - loss);
    this.inBurst = Math.random() < (this.inBurst ? 1 - leave : enter);
    return this.inBurst;
  }

  private listenTcp(port: number): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(port, this.targetIp);
      client.pipe(upstream).pipe(client);
      const pair: [typeof client, typeof upstream] = [client, upstream];
      this.tcpPairs.add(pair);
      if (this.impairment.cut) for (const socket of pair) socket.pause();
      const end = () => {
        this.tcpPairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end);
      upstream.on('error', end);
      client.on('close', end);
      upstream.on('close', end);
    });
    this.tcp.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.listenIp, () => resolve());
    });
  }
}
