/**
 * This browser's own random id, kept in its storage: the server tells the same PC rejoining (a
 * reload, a dropped link) from another PC taking the site over, which must be confirmed.
 */
export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeStorage()): string {
  const known = storage?.getItem(key);
  if (known && /^[0-9a-f]{32}$/.test(known)) return known;
  const id = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  storage?.setItem(key, id);
  return id;
}

const key = 'lienthong.device';

function safeStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    // Storage can be switched off: every join is then "another PC" (the server asks to confirm).
    return null;
  }
}
