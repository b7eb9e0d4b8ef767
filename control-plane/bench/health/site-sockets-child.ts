// Real site sockets for the gateway's share: each connects to /site with its own token, joins,
// and sends `reportHealth` once a second (spread over the second), as a browser does: acked
// (ACK=1, the default) or as a volatile event without an ack (ACK=0).
import { callMessage, namespaces, siteRequests } from '@lienthong/contracts';
import { io, type Socket } from 'socket.io-client';

const { url, tokens } = JSON.parse(process.env.SITES!) as { url: string; tokens: string[] };
const withAck = process.env.ACK !== '0';
const sockets: Socket[] = [];
let acked = 0;
for (const token of tokens) {
  const socket = io(`${url}${namespaces.site}`, { auth: { token }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await callMessage(socket, siteRequests, 'join', { delegates: 30 });
  sockets.push(socket);
}
process.send!({ type: 'joined', count: sockets.length });
sockets.forEach((socket, i) => {
  setTimeout(() => {
    setInterval(() => {
      const report = {
        rttMs: 40 + (i % 50),
        inKbps: 900 + (i % 100),
        outKbps: 0,
        lossPercent: (i % 10) / 10,
        fps: 25,
        level: 'full' as const,
        adapted: 'full' as const,
        automatic: true,
        protocol: 'udp' as const,
      };
      if (withAck) void callMessage(socket, siteRequests, 'reportHealth', report).then(() => void acked++);
      else socket.volatile.emit('reportHealth', report);
    }, 1000);
  }, (1000 * i) / sockets.length);
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') process.send!({ type: 'stats', acked });
  if (m.type === 'stop') process.exit(0);
});
