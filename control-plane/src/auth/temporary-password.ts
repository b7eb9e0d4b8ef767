import { randomInt } from 'node:crypto';

// No 0/o, 1/l/i: read aloud or copied from paper without doubt.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A password an operator reads to a person once: three groups of four (about 59 bits), e.g. "k7mq-2xbe-rt9h". */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return [group(), group(), group()].join('-');
}
