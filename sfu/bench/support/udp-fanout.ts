import { createSocket } from 'node:dgram';

/**
 * The fan-out benchmark's baseline, as a child process (a core of its own, like a worker): every
 * packet received is sent on to `copies` destinations from one socket, nothing else. Asked over
 * IPC for its counters and CPU time.
 */
const socket = createSocket('udp4');
let copies = 0;
let received = 0;
let sent = 0;
let sink = { ip: '127.0.0.1', port: 9 };

socket.on('message', (msg) => {
  received += 1;
  for (let i = 0; i < copies; i++) socket.send(msg, sink.port, sink.ip, () => (sent += 1));
});

process.on('message', (m: { copies?: number; sink?: { ip: string; port: number }; report?: true; stop?: true }) => {
  if (m.sink) sink = m.sink;
  if (m.copies !== undefined) copies = m.copies;
  if (m.report) process.send!({ received, sent, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 });
  if (m.stop) process.exit(0);
});

socket.bind(0, '127.0.0.1', () => process.send!({ port: socket.address().port }));
