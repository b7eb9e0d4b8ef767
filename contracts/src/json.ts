import type { z } from 'zod';

/** Text from outside (a Redis message, a file) checked against its schema; text that is not JSON fails the same way. */
export function safeParseJson<S extends z.ZodType>(schema: S, raw: string): ReturnType<S['safeParse']> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  return schema.safeParse(value) as ReturnType<S['safeParse']>;
}
