import { describe, expect, it } from 'vitest';
import { unitPathLabel } from '../src/console/live/unit-path';
import { presenceOf, presenceWords } from '../src/console/live/presence';
import { en } from '../src/i18n/en';
import { vi } from '../src/i18n/vi';

const names = new Map([
  ['DN', 'Thành phố Đà Nẵng'],
  ['DN-HV', 'Huyện Hòa Vang'],
]);

describe('a site named by its place in the tree', () => {
  it('shows the province and the own unit on the tile, every level in the tooltip', () => {
    expect(unitPathLabel({ unitName: 'Xã Hòa Bắc', unitPath: '/TW/DN/DN-HV/DN-HV-HB/' }, names)).toEqual({
      short: 'Thành phố Đà Nẵng › Xã Hòa Bắc',
      full: 'Thành phố Đà Nẵng › Huyện Hòa Vang › Xã Hòa Bắc',
    });
  });

  it('keeps a province or the root as it is, and falls back to codes for names not loaded', () => {
    expect(unitPathLabel({ unitName: 'Thành phố Đà Nẵng', unitPath: '/TW/DN/' }, names).short).toBe('Thành phố Đà Nẵng');
    expect(unitPathLabel({ unitName: 'Văn phòng Trung ương', unitPath: '/TW/' }, names).full).toBe('Văn phòng Trung ương');
    expect(unitPathLabel({ unitName: 'Xã X', unitPath: '/TW/HN/HN-BD/HN-BD-X/' }, new Map()).full).toBe('HN › HN-BD › Xã X');
  });
});

describe('presence on a tile', () => {
  it.each([
    [{ status: 'ok', connected: true, lastSeen: 1 }, 'ok'],
    [{ status: 'bad', connected: true, lastSeen: 1 }, 'bad'],
    [{ status: 'offline', connected: false, lastSeen: null }, 'notJoined'],
    [{ status: 'offline', connected: false, lastSeen: 1_000 }, 'lost'],
  ] as const)('%o is %s', (site, presence) => expect(presenceOf(site)).toBe(presence));
});

describe('presence words', () => {
  it('says who took part once the conference has ended, and the live state before', () => {
    expect(presenceWords(vi.liveConsole, 'notJoined', false)).toBe('Chưa vào hội nghị');
    expect(presenceWords(vi.liveConsole, 'lost', false)).toBe('Mất kết nối');
    expect(presenceWords(vi.liveConsole, 'notJoined', true)).toBe('Không tham dự');
    expect(presenceWords(vi.liveConsole, 'lost', true)).toBe('Đã tham dự');
    expect(presenceWords(en.liveConsole, 'notJoined', true)).toBe('Did not join');
    // A state only a connected site has is never rewritten.
    expect(presenceWords(en.liveConsole, 'ok', true)).toBe('Good');
  });
});
