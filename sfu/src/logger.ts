import { pino } from 'pino';

export function createLogger(level: string, nodeId: string) {
  return pino({ name: 'sfu', level, base: { node: nodeId } });
}
