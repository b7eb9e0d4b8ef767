// Plain SQL for the few statements every site's connection runs. Prisma's client costs the
// control plane ~0.5 ms of CPU per statement beyond the driver's own (bench:site-connection: a
// site statement through `$queryRaw` +0.6 ms per connection, the same statement on pg +0.08 ms),
// which at 15,000 arrivals a minute is most of a core. Everything else stays on Prisma.
export interface SqlClient {
  /** One statement with `$1`-style parameters; its rows as the driver types them (check them at the call). */
  query(text: string, params: readonly unknown[]): Promise<unknown[]>;
}

/** What both drivers offer: pg's pool and PGlite answer a statement with its rows. */
interface Driver {
  query(text: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Statements on the replica's pg pool (the one Prisma's adapter uses too) or the embedded PGlite. */
export function sqlClient(driver: Driver, onQuery?: (sql: string) => void): SqlClient {
  return {
    async query(text, params) {
      onQuery?.(text);
      return (await driver.query(text, [...params])).rows;
    },
  };
}
