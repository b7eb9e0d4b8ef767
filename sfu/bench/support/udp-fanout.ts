import { createSocket } from 'node:dgram';

/**
 * The fan-out bench's raw Node baseline, as a child process (a core of its own, like a worker):
 * every packet received is sent on from one socket to each destination port (the sink's
 * receivers, on loopback), nothing else. Asked over IPC for its counters and CPU time.
 */
const socket = createSocket('udp4');
const destinations: number[] = [];
let received = 0;
let sent = 0;
/** Input loss, from RTP sequence gaps. */
let lost = 0;
let lastSeq = -1;
const counted = () => (sent += 1);

socket.on('message', (msg) => {
  received += 1;
  const seq = msg.readUInt16BE(2);
  const gap = (seq - lastSeq - 1) & 0xffff;
  if (lastSeq >= 0 && gap < 1000) lost += gap;
  lastSeq = seq;
  for (const port of destinations) socket.send(msg, port, '127.0.0.1', counted);
});

process.on('message', (m: { add?: number[]; report?: true; stop?: true }) => {
  if (m.add) destinations.push(...m.add);
  if (m.report) {
    const cpu = process.cpuUsage();
    process.send!({ received, lost, sent, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (m.stop) process.exit(0);
});

socket.bind(0, '127.0.0.1', () => process.send!({ port: socket.address().port }));
