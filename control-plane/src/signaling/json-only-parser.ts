// socket.io's packet parser without its search for binary attachments. Every lienthong message is
// JSON (zod-shaped contracts, no Buffers), yet the stock encoder walks each outgoing payload object
// by object looking for one before it stringifies it: ~70 µs of a join's CPU at the national storm's
// rate (bench:national profile: `hasBinary`), for nothing. The text on the wire is the stock
// encoder's own for a packet without attachments, so every client keeps the stock parser, and the
// stock decoder reads what comes in. A Buffer given to emit would go out as its JSON form, and the
// receiving side's zod schema would refuse it: loud, never silent.
import { Decoder, Encoder, type Packet } from 'socket.io-parser';

class JsonOnlyEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    // type, then `nsp,` (other than the root), then the ack id, then the JSON data (as stock).
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

/** The `parser` option of the replica's socket.io server. */
export const jsonOnlyParser = { Encoder: JsonOnlyEncoder, Decoder };
