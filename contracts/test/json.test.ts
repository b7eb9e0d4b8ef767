import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { safeParseJson } from '../src/json.js';

describe('safeParseJson', () => {
  const schema = z.object({ ids: z.array(z.string()).min(1) });
  it('parses and checks text against its schema', () => {
    expect(safeParseJson(schema, '{"ids":["a"]}')).toMatchObject({ success: true, data: { ids: ['a'] } });
    expect(safeParseJson(schema, '{"ids":[]}').success).toBe(false);
  });
  it('fails text that is not JSON like any other bad input, without throwing', () => {
    expect(safeParseJson(schema, '{not json').success).toBe(false);
  });
});
