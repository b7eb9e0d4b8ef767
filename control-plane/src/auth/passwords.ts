// Password hashing: argon2id via @node-rs/argon2 (prebuilt binaries shipped inside npm packages,
// so it installs offline), with its library defaults (OWASP's 19 MiB, 2 passes).
import { hash, verify } from '@node-rs/argon2';

export const hashPassword = (password: string) => hash(password);

// Hashed once at start: a login for an unknown username still spends one verify, so response
// time does not tell which usernames exist.
const decoy = hash('lienthong-decoy-password');

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
