import { createSocket } from 'node:dgram';

/**
 * Two free even UDP ports in [min, max] (ffmpeg also binds each one's odd neighbour for RTCP),
 * for the video and audio of one part. Checked by binding; another process could still take
 * one before ffmpeg does, which only fails that part (the job then starts a new one).
 */
export async function freePortPair(ip: string, min: number, max: number): Promise<[number, number]> {
  const found: number[] = [];
  const start = min + 2 * Math.floor((Math.random() * (max - min)) / 2);
  for (let i = 0; i < max - min && found.length < 2; i += 2) {
    const port = min + ((start - min + i) % (max - min));
    const even = port % 2 ? port + 1 : port;
    if (even + 1 > max || found.includes(even)) continue;
    if ((await canBind(ip, even)) && (await canBind(ip, even + 1))) found.push(even);
  }
  if (found.length < 2) throw new Error(`no two free UDP port pairs in ${min}-${max}`);
  return [found[0]!, found[1]!];
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
