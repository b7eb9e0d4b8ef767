import type { TapTrack } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { agendaItems, chapters } from '../src/chapters/chapters.js';
import { addSegments, newManifest, startPart } from '../src/segments/manifest.js';
import { parseSegmentList } from '../src/segments/segment-list.js';

const tracks = (siteName: string): TapTrack[] => [
  { kind: 'video', siteId: siteName, siteName } as TapTrack,
  { kind: 'audio', siteId: siteName, siteName } as TapTrack,
];
// 08:00 in Hà Nội (+07:00) is 01:00 UTC.
const local = (h: number, m: number, s = 0) => new Date(Date.UTC(2026, 10, 24, h - 7, m, s));

describe('chapters', () => {
  it('reads timed agenda lines in the usual spellings and ignores the rest', () => {
    expect(agendaItems('08:00 Khai mạc\n8h30 - Báo cáo chính trị\nPhát biểu\n14H05: Thảo luận\n25:00 sai giờ')).toEqual([
      { minutes: 480, title: 'Khai mạc' },
      { minutes: 510, title: 'Báo cáo chính trị' },
      { minutes: 845, title: 'Thảo luận' },
    ]);
    expect(agendaItems(null)).toEqual([]);
  });

  it('marks the start, each change of who is on screen, and agenda items the recording covers', () => {
    let m = newManifest('r', 'c');
    // 08:00:00-08:10:00 the hall; 08:10:05 a commune holds the floor for 5 minutes; then the hall again.
    m = addSegments(startPart(m, 'start', tracks('Hội trường'), local(8, 0)), parseSegmentList('s00000.webm,0,600'));
    m = addSegments(startPart(m, 'program-changed', tracks('Xã A'), local(8, 10, 5)), parseSegmentList('s00000.webm,0,300'));
    m = addSegments(startPart(m, 'resumed-after-crash', tracks('Xã A'), local(8, 15, 10)), parseSegmentList('s00000.webm,0,60'));
    m = addSegments(startPart(m, 'program-changed', tracks('Hội trường'), local(8, 16, 10)), parseSegmentList('s00000.webm,0,600'));
    const agenda = '08:05 Khai mạc\n08:12 Ý kiến của xã\n07:00 Trước giờ\n09:00 Sau giờ';
    expect(chapters(m, { title: 'Hội nghị', agenda })).toEqual([
      { startSec: 0, title: 'Hội nghị', kind: 'start' },
      { startSec: 300, title: 'Khai mạc', kind: 'agenda' },
      { startSec: 600, title: 'Xã A', kind: 'floor' },
      { startSec: 715, title: 'Ý kiến của xã', kind: 'agenda' },
      { startSec: 960, title: 'Hội trường', kind: 'floor' },
    ]);
  });

  it('has none for a recording without segments', () => {
    expect(chapters(newManifest('r', 'c'), { title: 'x', agenda: '08:00 a' })).toEqual([]);
  });
});
