// The replica's encoder must write exactly what socket.io's stock encoder writes for every packet
// lienthong sends (clients decode it with the stock parser).
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { jsonOnlyParser } from '../../src/signaling/json-only-parser.js';

const packets: Packet[] = [
  { type: PacketType.CONNECT, nsp: '/site', data: { sid: 'abc' } },
  { type: PacketType.CONNECT, nsp: '/' },
  { type: PacketType.DISCONNECT, nsp: '/console' },
  { type: PacketType.EVENT, nsp: '/site', data: ['programChanged', { program: [{ id: 'p', kind: 'video' }], stage: null }] },
  { type: PacketType.EVENT, nsp: '/', data: ['hello'] },
  { type: PacketType.EVENT, nsp: '/node', id: 12, data: ['openSession', { siteId: 's', ready: { x: [1, 2, 'đ'] } }] },
  { type: PacketType.ACK, nsp: '/site', id: 0, data: [{ ok: true, data: { text: 'Hội nghị "toàn quốc"', n: 1.5, none: null } }] },
  { type: PacketType.ACK, nsp: '/recorder', id: 4_294_967_295, data: [{ ok: false, error: { code: 'BUSY', message: 'retry' } }] },
  { type: PacketType.CONNECT_ERROR, nsp: '/site', data: { message: 'no', data: { code: 'UNAUTHENTICATED' } } },
];

describe('jsonOnlyParser', () => {
  it('encodes every packet as the stock encoder does', () => {
    const stock = new Encoder();
    const ours = new jsonOnlyParser.Encoder();
    for (const packet of packets) expect(ours.encode(packet)).toEqual(stock.encode(packet));
  });

  it('reads back what it wrote with the stock decoder', () => {
    const ours = new jsonOnlyParser.Encoder();
    const packet = packets[6]!;
    const decoder = new jsonOnlyParser.Decoder();
    const decoded: Packet[] = [];
    decoder.on('decoded', (p: Packet) => decoded.push(p));
    for (const chunk of ours.encode(packet)) decoder.add(chunk);
    expect(decoded).toEqual([packet]);
  });
});
