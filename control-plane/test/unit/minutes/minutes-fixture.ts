// Stored facts of a small provincial conference, as the minutes' loader would hand them over.
import type { MinutesFacts, MinutesSite } from '../../../src/minutes/minutes-facts.js';

/** "2025-01-13T08:00" in Hà Nội (UTC+7). */
export const hanoi = (hhmm: string, day = '2025-01-13') => new Date(`${day}T${hhmm}:00+07:00`);

const site = (siteId: string, siteName: string, path: string, unitName: string, attended: boolean, delegates: number | null): MinutesSite => ({
  siteId,
  siteName,
  unit: { code: path.split('/').filter(Boolean).at(-1)!, name: unitName, path },
  attended,
  delegates,
});

export function provincialFacts(): MinutesFacts {
  return {
    header: 'state',
    conference: {
      title: 'Hội nghị quán triệt Nghị quyết Đại hội XIV',
      agenda: '08:00 Khai mạc\n08:15 Quán triệt Nghị quyết\n\n10:30 Thảo luận, biểu quyết',
      scheduledStart: hanoi('08:00'),
      scheduledEnd: hanoi('11:00'),
      endedAt: hanoi('11:20'),
      originSiteId: 'hall',
      originSiteName: 'Hội trường Tỉnh ủy',
    },
    host: { code: 'HN', name: 'Tỉnh ủy Hà Nam', path: '/TW/HN/', parentName: 'Ban Chấp hành Trung ương' },
    tiers: new Map([
      [0, 'Trung ương'],
      [1, 'Tỉnh'],
      [2, 'Huyện'],
      [3, 'Xã'],
    ]),
    unitNames: new Map([
      ['HN', 'Tỉnh ủy Hà Nam'],
      ['HN-BD', 'Huyện ủy Bình Lục'],
      ['HN-HK', 'Huyện ủy Kim Bảng'],
    ]),
    sites: [
      site('hall', 'Hội trường Tỉnh ủy', '/TW/HN/', 'Tỉnh ủy Hà Nam', true, 120),
      site('bd', 'Điểm cầu huyện Bình Lục', '/TW/HN/HN-BD/', 'Huyện ủy Bình Lục', true, 45),
      site('bd-1', 'Điểm cầu xã An Đổ', '/TW/HN/HN-BD/HN-BD-AD/', 'Đảng ủy xã An Đổ', true, 30),
      site('bd-2', 'Điểm cầu xã Bối Cầu', '/TW/HN/HN-BD/HN-BD-BC/', 'Đảng ủy xã Bối Cầu', false, null),
      site('hk', 'Điểm cầu huyện Kim Bảng', '/TW/HN/HN-HK/', 'Huyện ủy Kim Bảng', true, 50),
    ],
    floor: [
      { at: hanoi('09:10'), siteId: 'bd' },
      { at: hanoi('09:25'), siteId: 'hk' },
      { at: hanoi('09:40'), siteId: null },
      { at: hanoi('10:00'), siteId: 'bd-1' },
    ],
    votes: [
      {
        question: 'Thông qua Nghị quyết Hội nghị',
        options: ['Tán thành', 'Không tán thành', 'Không biểu quyết'],
        secret: false,
        openedAt: hanoi('10:40'),
        closedAt: hanoi('10:50'),
        totals: [230, 10, 5],
        voted: 4,
        expected: 5,
      },
    ],
    opinions: [],
  };
}
