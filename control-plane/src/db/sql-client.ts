// Plain SQL for the few statements every site's connection runs. Prisma's client costs the
// control plane ~0.5 ms of CPU per statement beyond the driver's own (bench:site-connection: a
// site statement through `$queryRaw` +0.6 ms per connection, the same statement on pg +0.08 ms),
// which at 15,000 arrivals a minute is most of a core. Everything else stays on Prisma.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface SqlClient {
  /** One statement with `$1`-style parameters; its rows as the driver types them (check them at the call). */
  query(text: string, params: readonly unknown[]): Promise<unknown[]>;
}

/** Statements on the replica's pool (the one Prisma's adapter uses too: no second set of connections). */
export function poolSql(pool: pg.Pool, onQuery?: (sql: string) => void): SqlClient {
  return {
    async query(text, params) {
      onQuery?.(text);
      return (await pool.query(text, [...params])).rows as unknown[];
    },
  };
}

/** Statements on the embedded database. */
export function pgliteSql(db: PGlite, onQuery?: (sql: string) => void): SqlClient {
  return {
    async query(text, params) {
      onQuery?.(text);
      return (await db.query(text, [...params])).rows;
    },
  };
}
