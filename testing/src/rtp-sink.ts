import { createSocket, type Socket } from 'node:dgram';

/**
 * A UDP socket that counts the RTP packets of one payload type a PlainTransport consumer sends
 * it (RTCP shares the port and is not counted), when each arrived, and which address (node) sent
 * the last one.
 */
export class RtpSink {
  private readonly socket: Socket = createSocket('udp4');
  packets = 0;
  lastFrom = '';
  /** The consumer's payload type, once known (nothing is counted before). */
  payloadType?: number;
  private readonly arrivals: number[] = [];

  static async open(ip = '127.0.0.1'): Promise<RtpSink> {
    const sink = new RtpSink();
    await new Promise<void>((resolve) => sink.socket.bind(0, ip, resolve));
    sink.socket.on('message', (msg, rinfo) => {
      // RTP version 2 with this payload type (marker bit masked off); RTCP's types are 192-223.
      if (msg.length < 12 || msg[0]! >> 6 !== 2 || (msg[1]! & 0x7f) !== sink.payloadType) return;
      const now = performance.now();
      sink.arrivals.push(now);
      sink.packets += 1;
      sink.lastFrom = rinfo.address;
    });
    return sink;
  }

  /** When the first packet at or after `t` arrived. */
  firstAfter(t: number): number | undefined {
    return this.arrivals.find((at) => at >= t);
  }

  get tuple(): { ip: string; port: number } {
    const a = this.socket.address();
    return { ip: a.address, port: a.port };
  }

  close(): void {
    this.socket.close();
  }
}
