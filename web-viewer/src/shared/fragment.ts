/**
 * Secrets travel in the URL fragment (`#token=...`): browsers never send the fragment to the
 * server, so tokens stay out of access logs and proxies.
 */
export function fragmentParam(name: string, hash: string = location.hash): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const value = params.get(name)?.trim();
  return value ? value : null;
}
