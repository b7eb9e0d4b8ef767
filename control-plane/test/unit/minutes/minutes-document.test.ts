import { describe, expect, it } from 'vitest';
import { floorSpans } from '../../../src/minutes/floor-spans.js';
import { summariseAttendance } from '../../../src/minutes/minutes-attendance.js';
import { minutesDocument, type MinutesBlock, type MinutesDocument } from '../../../src/minutes/minutes-document.js';
import { hanoi, provincialFacts } from './minutes-fixture.js';

const tz = 'Asia/Ho_Chi_Minh';
const make = (facts = provincialFacts()) => minutesDocument(facts, { timeZone: tz, generatedAt: hanoi('11:21') });
const section = (doc: MinutesDocument, numeral: string) => doc.sections.find((s) => s.heading.startsWith(`${numeral}. `))!;
const tables = (blocks: MinutesBlock[]) => blocks.filter((b): b is Extract<MinutesBlock, { kind: 'table' }> => b.kind === 'table');
const texts = (blocks: MinutesBlock[]) => blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));

describe('minutes document model', () => {
  it('heads a state body with the national motto and a Party body with the Party header', () => {
    const state = make();
    expect(state.national).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(state.issuer).toEqual({ above: 'BAN CHẤP HÀNH TRUNG ƯƠNG', name: 'TỈNH ỦY HÀ NAM' });
    expect(state.title).toBe('BIÊN BẢN HỘI NGHỊ');
    expect(state.dateLine).toBe('Ngày 13 tháng 01 năm 2025');
    expect(make({ ...provincialFacts(), header: 'party' }).national).toEqual(['ĐẢNG CỘNG SẢN VIỆT NAM']);
  });

  it('gives start and end on the Hà Nội clock, the host and the hall', () => {
    const [time, form, host] = texts(section(make(), 'I').blocks);
    expect(time).toBe('Thời gian: bắt đầu lúc 08 giờ 00 phút ngày 13 tháng 01 năm 2025, kết thúc lúc 11 giờ 20 phút (giờ Asia/Ho_Chi_Minh).');
    expect(form).toContain('từ điểm cầu chính Hội trường Tỉnh ủy đến 5 điểm cầu');
    expect(host).toBe('Đơn vị chủ trì: Tỉnh ủy Hà Nam.');
    // A conference that ran past midnight names the end's day too.
    const late = provincialFacts();
    late.conference.endedAt = hanoi('00:30', '2025-01-14');
    expect(texts(section(make(late), 'I').blocks)[0]).toContain('kết thúc lúc 00 giờ 30 phút ngày 14 tháng 01 năm 2025');
  });

  it('counts attendance by tier and by unit under the host; a site that never connected brings no delegates', () => {
    const attendance = section(make(), 'II');
    expect(texts(attendance.blocks)[0]).toContain('Tham dự 4/5 điểm cầu được mời, với tổng số 245 đại biểu');
    const [byTier, byUnit] = tables(attendance.blocks);
    expect(byTier!.rows).toEqual([
      ['Tỉnh', '1', '1', '120'],
      ['Huyện', '2', '2', '95'],
      ['Xã', '2', '1', '30'],
    ]);
    expect(byTier!.total).toEqual(['Tổng cộng', '5', '4', '245']);
    expect(byUnit!.rows).toEqual([
      ['1', 'Tỉnh ủy Hà Nam', '1', '1', '120'],
      ['2', 'Huyện ủy Bình Lục', '3', '2', '75'],
      ['3', 'Huyện ủy Kim Bảng', '1', '1', '50'],
    ]);
    // Delegates reported by a site that never connected do not count.
    const facts = provincialFacts();
    facts.sites[3]!.delegates = 99;
    expect(summariseAttendance(facts.sites, facts.host.path).total).toEqual({ invited: 5, attended: 4, delegates: 245 });
  });

  it('writes thousands the Vietnamese way', () => {
    const facts = provincialFacts();
    facts.sites[0]!.delegates = 12_345;
    expect(tables(section(make(facts), 'II').blocks)[0]!.total).toEqual(['Tổng cộng', '5', '4', '12.470']);
  });

  it('lists the agenda lines, or says there is none', () => {
    expect(texts(section(make(), 'III').blocks)).toEqual(['08:00 Khai mạc', '08:15 Quán triệt Nghị quyết', '10:30 Thảo luận, biểu quyết']);
    expect(texts(section(make({ ...provincialFacts(), conference: { ...provincialFacts().conference, agenda: null } }), 'III').blocks)).toEqual(['Không có.']);
  });

  it('tells who held the floor from when to when; the last holder until the end', () => {
    const [floor] = tables(section(make(), 'IV').blocks);
    expect(floor!.rows).toEqual([
      ['1', 'Điểm cầu huyện Bình Lục', 'Huyện ủy Bình Lục', '09:10', '09:25', '15 phút'],
      ['2', 'Điểm cầu huyện Kim Bảng', 'Huyện ủy Kim Bảng', '09:25', '09:40', '15 phút'],
      ['3', 'Điểm cầu xã An Đổ', 'Đảng ủy xã An Đổ', '10:00', '11:20', '1 giờ 20 phút'],
    ]);
    expect(texts(section(make({ ...provincialFacts(), floor: [] }), 'IV').blocks)[0]).toContain('Không có điểm cầu nào được mời phát biểu');
  });

  it('treats the floor given to the hall as taken back, and a repeated gift as one span', () => {
    const end = hanoi('11:00');
    expect(
      floorSpans(
        [
          { at: hanoi('09:00'), siteId: 'a' },
          { at: hanoi('09:05'), siteId: 'a' },
          { at: hanoi('09:10'), siteId: 'hall' },
          { at: hanoi('09:20'), siteId: 'b' },
          { at: hanoi('11:30'), siteId: 'c' },
        ],
        { hallSiteId: 'hall', endedAt: end },
      ),
    ).toEqual([
      { siteId: 'a', from: hanoi('09:00'), to: hanoi('09:10') },
      { siteId: 'b', from: hanoi('09:20'), to: end },
    ]);
  });

  it('gives each vote its form, turnout, counts, shares and result', () => {
    const votes = section(make(), 'V');
    expect(texts(votes.blocks)).toEqual([
      '1. Thông qua Nghị quyết Hội nghị',
      'Hình thức: biểu quyết công khai, từ 10:40 đến 10:50. Đã biểu quyết: 4/5 điểm cầu, 245 đại biểu.',
      'Kết quả: "Tán thành" với 230/245 đại biểu (93,9%).',
    ]);
    expect(tables(votes.blocks)[0]!.rows).toEqual([
      ['Tán thành', '230', '93,9%'],
      ['Không tán thành', '10', '4,1%'],
      ['Không biểu quyết', '5', '2%'],
    ]);
    const open = provincialFacts();
    open.votes[0] = { ...open.votes[0]!, secret: true, closedAt: null, totals: [0, 0, 0], voted: 0 };
    expect(texts(section(make(open), 'V').blocks).slice(1)).toEqual([
      'Hình thức: bỏ phiếu kín, mở lúc 10:40, chưa đóng khi lập biên bản (kết quả tạm tính). Đã biểu quyết: 0/5 điểm cầu, 0 đại biểu.',
      'Kết quả: không có đại biểu nào biểu quyết.',
    ]);
    expect(texts(section(make({ ...provincialFacts(), votes: [] }), 'V').blocks)).toEqual(['Không có.']);
  });

  it('says "Không có" for opinions until there are some, and lists them when there are', () => {
    expect(texts(section(make(), 'VI').blocks)).toEqual(['Không có.']);
    const facts = provincialFacts();
    facts.opinions = [
      { receivedAt: hanoi('10:05'), siteName: 'Điểm cầu xã An Đổ', unitName: 'Đảng ủy xã An Đổ', speaker: 'Trần Thị B', speakerRole: 'Bí thư', text: 'Đề nghị bổ sung kinh phí.', outcome: 'Đã tiếp thu' },
    ];
    expect(tables(section(make(facts), 'VI').blocks)[0]!.rows).toEqual([['1', '10:05', 'Điểm cầu xã An Đổ: Trần Thị B, Bí thư', 'Đề nghị bổ sung kinh phí.', 'Đã tiếp thu']]);
  });

  it('closes with the end time and when the minutes were made', () => {
    expect(make().closing).toBe('Hội nghị kết thúc lúc 11 giờ 20 phút cùng ngày. Biên bản được lập từ dữ liệu hệ thống ghi nhận, lúc 11 giờ 21 phút ngày 13 tháng 01 năm 2025.');
    expect(make().signatures.map((s) => s.role)).toEqual(['THƯ KÝ', 'CHỦ TRÌ HỘI NGHỊ']);
  });
});
