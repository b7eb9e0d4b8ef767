import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, envField, parseEnv } from '../src/index.js';

const schema = z.object({ PORT: envField.port().default(8080), TAGS: envField.csv().default([]), URL: envField.url() });

describe('parseEnv', () => {
  it('applies defaults and coerces', () => {
    expect(parseEnv(schema, { URL: 'http://a', TAGS: 'HN, DN,' })).toEqual({ PORT: 8080, TAGS: ['HN', 'DN'], URL: 'http://a' });
  });

  it('treats an empty string as unset', () => {
    expect(parseEnv(schema, { URL: 'http://a', PORT: '' }).PORT).toBe(8080);
  });

  it('fails with one line naming each bad variable and its value', () => {
    let err: unknown;
    try {
      parseEnv(schema, { PORT: '99999' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/PORT: .*\(got "99999"\)/);
    expect(message).toMatch(/URL: /);
  });
});
