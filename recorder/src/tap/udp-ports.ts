import { createSocket } from 'node:dgram';

/**
 * `count` free even UDP ports in [min, max] (ffmpeg also binds each one's odd neighbour for RTCP),
 * for the tracks of one part. Checked by binding; another process could still take one before
 * ffmpeg does, which only fails that part (the job then starts a new one). `avoid`: ports already
 * handed out, not bound yet.
 */
export async function freePorts(ip: string, min: number, max: number, count: number, avoid: number[] = []): Promise<number[]> {
  const found: number[] = [];
  const start = min + 2 * Math.floor((Math.random() * (max - min)) / 2);
  for (let i = 0; i < max - min && found.length < count; i += 2) {
    const port = min + ((start - min + i) % (max - min));
    const even = port % 2 ? port + 1 : port;
    if (even + 1 > max || found.includes(even) || avoid.includes(even)) continue;
    if ((await canBind(ip, even)) && (await canBind(ip, even + 1))) found.push(even);
  }
  if (found.length < count) throw new Error(`no ${count} free UDP port pairs in ${min}-${max}`);
  return found;
}

function canBind(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, ip, () => s.close(() => resolve(true)));
  });
}
