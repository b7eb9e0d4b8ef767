import { createSocket, type Socket } from 'node:dgram';

/**
 * A UDP socket that counts the RTP packets of one payload type a PlainTransport consumer sends
 * it (RTCP shares the port and is not counted), and remembers when such packets first came from
 * each source address (which node is feeding it).
 */
export class RtpSink {
  private readonly socket: Socket = createSocket('udp4');
  packets = 0;
  readonly firstFrom = new Map<string, number>();
  lastFrom = '';
  /** The consumer's payload type, once known (nothing is counted before). */
  payloadType?: number;
  private readonly arrivals: { at: number; from: string }[] = [];

  static async open(ip = '127.0.0.1'): Promise<RtpSink> {
    const sink = new RtpSink();
    await new Promise<void>((resolve) => sink.socket.bind(0, ip, resolve));
    sink.socket.on('message', (msg, rinfo) => {
      // RTP version 2 with this payload type (marker bit masked off); RTCP's types are 192-223.
      if (msg.length < 12 || msg[0]! >> 6 !== 2 || (msg[1]! & 0x7f) !== sink.payloadType) return;
      const now = performance.now();
      sink.arrivals.push({ at: now, from: `${rinfo.address}:${rinfo.port}` });
      sink.packets += 1;
      sink.lastFrom = rinfo.address;
      if (!sink.firstFrom.has(rinfo.address)) sink.firstFrom.set(rinfo.address, now);
    });
    return sink;
  }

  /**
   * When the flow came back after `since`: the first packet from another source (address and
   * port) than the one before it. A rejoined site always has a new transport, hence a new port;
   * a silence is no sign (a loaded machine pauses streams for hundreds of milliseconds).
   */
  resumedAfter(since: number): number | undefined {
    for (let i = 1; i < this.arrivals.length; i++) {
      const [prev, cur] = [this.arrivals[i - 1]!, this.arrivals[i]!];
      if (cur.at > since && cur.from !== prev.from) return cur.at;
    }
    return undefined;
  }

  get tuple(): { ip: string; port: number } {
    const a = this.socket.address();
    return { ip: a.address, port: a.port };
  }

  close(): void {
    this.socket.close();
  }
}
