import { createSocket, type Socket } from 'node:dgram';

/**
 * A UDP socket that counts the RTP packets a PlainTransport consumer sends it, and remembers
 * when packets first came from each source address (which node is feeding it).
 */
export class RtpSink {
  private readonly socket: Socket = createSocket('udp4');
  packets = 0;
  readonly firstFrom = new Map<string, number>();
  lastFrom = '';

  static async open(ip = '127.0.0.1'): Promise<RtpSink> {
    const sink = new RtpSink();
    await new Promise<void>((resolve) => sink.socket.bind(0, ip, resolve));
    sink.socket.on('message', (msg, rinfo) => {
      // RTP version 2, and not RTCP (payload types 200-204 with the marker bit folded in).
      if (msg.length < 12 || msg[0]! >> 6 !== 2 || (msg[1]! >= 200 && msg[1]! <= 204)) return;
      sink.packets += 1;
      sink.lastFrom = rinfo.address;
      if (!sink.firstFrom.has(rinfo.address)) sink.firstFrom.set(rinfo.address, performance.now());
    });
    return sink;
  }

  get tuple(): { ip: string; port: number } {
    const a = this.socket.address();
    return { ip: a.address, port: a.port };
  }

  close(): void {
    this.socket.close();
  }
}
