import { describe, expect, it } from 'vitest';
import { unitAncestorCodes } from '../../src/domain/conferences.js';

describe('unitAncestorCodes', () => {
  it.each([
    ['/TW/', ['TW']],
    ['/TW/HN/HN-BD/', ['TW', 'HN', 'HN-BD']],
    ['/TW/DN/DN-HV/DN-HV-HB/', ['TW', 'DN', 'DN-HV', 'DN-HV-HB']],
  ])('%s', (path, codes) => {
    expect(unitAncestorCodes(path)).toEqual(codes);
  });

  it.each(['', '/', 'TW/HN/', '/TW/HN', '/TW//HN/'])('rejects %j', (path) => {
    expect(() => unitAncestorCodes(path)).toThrow(RangeError);
  });
});
