import { joinCodeAlphabet, joinCodeLength } from '@lienthong/contracts';
import { randomBytes } from 'node:crypto';

/** A fresh join code: 12 characters of Crockford base32 from the system's CSPRNG (32 divides 256: no bias). */
export function newJoinCode(): string {
  const bytes = randomBytes(joinCodeLength);
  let code = '';
  for (const byte of bytes) code += joinCodeAlphabet[byte & 31];
  return code;
}
