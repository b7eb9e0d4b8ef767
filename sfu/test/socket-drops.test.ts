import { describe, expect, it } from 'vitest';
import { parseProcNetUdp, SocketDropMeter } from '../src/media/socket-drops.js';

const header = '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops';
/** A /proc/net/udp line for a socket on 127.0.0.1:port. */
const line = (port: number, inode: number, drops: number) =>
  ` 6023: 0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 ${inode} 2 00000000bc68eb1f ${drops}`;
const udp6 = (port: number, inode: number, drops: number) =>
  `  12: 00000000000000000000000001000000:${port.toString(16).toUpperCase()} 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 ${inode} 2 0000000000000000 ${drops}`;

describe('parseProcNetUdp', () => {
  it('reads each socket’s port, inode and drops (IPv4 and IPv6 tables)', () => {
    expect(parseProcNetUdp([header, line(48450, 101, 0), line(50500, 102, 17)].join('\n'))).toEqual([
      { port: 48450, inode: '101', drops: 0 },
      { port: 50500, inode: '102', drops: 17 },
    ]);
    expect(parseProcNetUdp([header, udp6(48451, 103, 4)].join('\n'))).toEqual([{ port: 48451, inode: '103', drops: 4 }]);
    expect(parseProcNetUdp('')).toEqual([]);
  });
});

describe('SocketDropMeter', () => {
  it('counts per worker slice what was dropped since the last reading, by socket', async () => {
    let tables: string[] = [];
    const meter = new SocketDropMeter([{ min: 48450, max: 48499 }, { min: 48500, max: 48549 }], () => Promise.resolve(tables));
    tables = [[header, line(48450, 1, 100), line(48500, 2, 5), line(40000, 3, 999)].join('\n')];
    // The first reading is the baseline.
    expect(await meter.sample()).toEqual([0, 0]);
    // Socket 1 dropped 30 more; socket 2 closed (its drops are not taken back); socket 4 is new on
    // worker 1's ports with 7; port 40000 is no worker's.
    tables = [[header, line(48450, 1, 130), line(40000, 3, 5000)].join('\n'), [header, udp6(48510, 4, 7)].join('\n')];
    expect(await meter.sample()).toEqual([30, 7]);
    expect(await meter.sample()).toEqual([0, 0]);
  });

  it('answers zeros where /proc cannot be read', async () => {
    const meter = new SocketDropMeter([{ min: 1, max: 2 }], () => Promise.reject(new Error('ENOENT')));
    expect(await meter.sample()).toEqual([0]);
    expect(await meter.sample()).toEqual([0]);
  });
});
