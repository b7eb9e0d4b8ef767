import type { OperatorTokenClaims, PersonRole } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { covers, effectiveRoot, type Actor } from '../../src/auth/scope.js';
import { connectedSeconds } from '../../src/domain/attendance.js';
import { escapeLike } from '../../src/domain/like.js';

const actor = (role: PersonRole, unitPath: string): Actor => ({
  claims: { typ: 'operator', sub: 'p', role, unit: 'u' } satisfies OperatorTokenClaims,
  unitPath,
  ip: null,
});

describe('scope', () => {
  it.each([
    ['operator', '/TW/HN/', '/TW/HN/', true],
    ['operator', '/TW/HN/', '/TW/HN/HN-BD/', true],
    ['operator', '/TW/HN/', '/TW/', false],
    ['operator', '/TW/HN/', '/TW/DN/', false],
    // A sibling whose code starts with the same letters is not inside.
    ['operator', '/TW/HN/', '/TW/HNX/', false],
    ['member', '/TW/HN/', '/TW/HN/HN-BD/', true],
    ['system_admin', '/TW/HN/', '/TW/DN/', true],
  ] as const)('a %s at %s covers %s: %s', (role, at, path, expected) => {
    expect(covers(actor(role, at), path)).toBe(expected);
  });

  it.each([
    ['operator', '/TW/HN/', undefined, '/TW/HN/'],
    ['operator', '/TW/HN/', '/TW/HN/HN-BD/', '/TW/HN/HN-BD/'],
    ['operator', '/TW/HN/', '/TW/', null],
    ['system_admin', '/TW/', undefined, '/'],
    ['system_admin', '/TW/', '/TW/DN/', '/TW/DN/'],
  ] as const)('a %s at %s asking for %s lists %s', (role, at, under, expected) => {
    expect(effectiveRoot(actor(role, at), under)).toBe(expected);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('a_b%c\\d')).toBe('a\\_b\\%c\\\\d');
  });
});

describe('connected seconds', () => {
  const t = (s: number) => new Date(Date.UTC(2030, 0, 1) + s * 1000);
  it.each([
    ['nothing', [], 0],
    ['one closed interval', [[0, 60]], 60],
    ['two apart', [[0, 60], [120, 180]], 120],
    ['overlapping ones count once', [[0, 60], [30, 90]], 90],
    ['one inside another', [[0, 100], [10, 20]], 100],
    ['an open one counts up to now', [[900, null]], 100],
    ['a reversed one counts nothing', [[60, 0]], 0],
  ] as const)('%s', (_what, spans, expected) => {
    const intervals = spans.map(([a, b]) => ({ joinedAt: t(a), leftAt: b === null ? null : t(b) }));
    expect(connectedSeconds(intervals, t(1000))).toBe(expected);
  });
});
