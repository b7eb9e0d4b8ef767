// The minutes ("biên bản") as a document model (pure: stored facts in, sections out), in the
// layout of a Vietnamese administrative document: issuing body and national header side by side,
// the date, the title, numbered sections, signatures. The PDF and DOCX renderers only lay it out.
import type { MinutesHeader } from '@lienthong/contracts';
import { floorSpans } from './floor-spans.js';
import { summariseAttendance } from './minutes-attendance.js';
import type { MinutesFacts, MinutesVote } from './minutes-facts.js';
import { sameDay, viClock, viDate, viDuration, viNumber, viShare, viShortClock } from './vietnamese-format.js';

export interface MinutesColumn {
  header: string;
  /** share of the table's width */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export type MinutesBlock =
  | { kind: 'paragraph'; text: string; bold?: boolean; italic?: boolean }
  | { kind: 'table'; columns: MinutesColumn[]; rows: string[][]; total?: string[] };

export interface MinutesSection {
  heading: string;
  blocks: MinutesBlock[];
}

export interface MinutesDocument {
  /** left column: the body above the host (plain), then the host (bold) */
  issuer: { above: string | null; name: string };
  /** right column, bold: the national header lines */
  national: string[];
  dateLine: string;
  title: string;
  subtitle: string;
  sections: MinutesSection[];
  closing: string;
  signatures: { role: string; note: string }[];
}

export const nationalHeaders: Record<MinutesHeader, string[]> = {
  state: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  party: ['ĐẢNG CỘNG SẢN VIỆT NAM'],
};

export const minutesTitle = 'BIÊN BẢN HỘI NGHỊ';
const none = 'Không có.';
const paragraph = (text: string, style: { bold?: boolean; italic?: boolean } = {}): MinutesBlock => ({ kind: 'paragraph', text, ...style });

/** "08 giờ 00 phút ngày 13 tháng 01 năm 2025". */
const moment = (d: Date, tz: string) => `${viClock(d, tz)} ${viDate(d, tz)}`;

export function minutesDocument(facts: MinutesFacts, o: { timeZone: string; generatedAt: Date }): MinutesDocument {
  const { conference: c, host } = facts;
  const tz = o.timeZone;
  const endedAt = c.endedAt ?? c.scheduledEnd;
  return {
    issuer: { above: host.parentName?.toLocaleUpperCase('vi') ?? null, name: host.name.toLocaleUpperCase('vi') },
    national: nationalHeaders[facts.header],
    dateLine: viDate(c.scheduledStart, tz).replace(/^n/, 'N'),
    title: minutesTitle,
    subtitle: c.title,
    sections: [
      timeSection(facts, endedAt, tz),
      attendanceSection(facts),
      agendaSection(c.agenda),
      floorSection(facts, endedAt, tz),
      votesSection(facts.votes, tz),
      opinionsSection(facts, tz),
    ],
    closing:
      `Hội nghị kết thúc lúc ${sameDay(c.scheduledStart, endedAt, tz) ? `${viClock(endedAt, tz)} cùng ngày` : moment(endedAt, tz)}. ` +
      `Biên bản được lập từ dữ liệu hệ thống ghi nhận, lúc ${moment(o.generatedAt, tz)}.`,
    signatures: [
      { role: 'THƯ KÝ', note: '(Ký, ghi rõ họ tên)' },
      { role: 'CHỦ TRÌ HỘI NGHỊ', note: '(Ký, ghi rõ họ tên)' },
    ],
  };
}

function timeSection({ conference: c, host, sites }: MinutesFacts, endedAt: Date, tz: string): MinutesSection {
  const end = sameDay(c.scheduledStart, endedAt, tz) ? viClock(endedAt, tz) : moment(endedAt, tz);
  return {
    heading: 'I. THỜI GIAN, HÌNH THỨC, ĐƠN VỊ CHỦ TRÌ',
    blocks: [
      paragraph(`Thời gian: bắt đầu lúc ${moment(c.scheduledStart, tz)}, kết thúc lúc ${end} (giờ ${tz}).`),
      paragraph(`Hình thức: trực tuyến, từ điểm cầu chính ${c.originSiteName} đến ${viNumber(sites.length)} điểm cầu.`),
      paragraph(`Đơn vị chủ trì: ${host.name}.`),
    ],
  };
}

function attendanceSection(facts: MinutesFacts): MinutesSection {
  const a = summariseAttendance(facts.sites, facts.host.path);
  const line = (l: { invited: number; attended: number; delegates: number }) => [viNumber(l.invited), viNumber(l.attended), viNumber(l.delegates)];
  const counts: MinutesColumn[] = [
    { header: 'Điểm cầu được mời', width: 2, align: 'right' },
    { header: 'Điểm cầu tham dự', width: 2, align: 'right' },
    { header: 'Số đại biểu', width: 2, align: 'right' },
  ];
  return {
    heading: 'II. THÀNH PHẦN THAM DỰ',
    blocks: [
      paragraph(
        `Tham dự ${viNumber(a.total.attended)}/${viNumber(a.total.invited)} điểm cầu được mời, ` +
          `với tổng số ${viNumber(a.total.delegates)} đại biểu (theo số đại biểu các điểm cầu báo cáo có mặt).`,
      ),
      paragraph('1. Theo cấp:', { bold: true }),
      {
        kind: 'table',
        columns: [{ header: 'Cấp', width: 3 }, ...counts],
        rows: a.byTier.map((t) => [facts.tiers.get(t.level) ?? `Cấp ${t.level}`, ...line(t)]),
        total: ['Tổng cộng', ...line(a.total)],
      },
      paragraph('2. Theo đơn vị:', { bold: true }),
      {
        kind: 'table',
        columns: [{ header: 'STT', width: 1, align: 'center' }, { header: 'Đơn vị', width: 4 }, ...counts],
        rows: a.byUnit.map((u, i) => [String(i + 1), facts.unitNames.get(u.code) ?? u.code, ...line(u)]),
        total: ['', 'Tổng cộng', ...line(a.total)],
      },
    ],
  };
}

function agendaSection(agenda: string | null): MinutesSection {
  const lines = (agenda ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return { heading: 'III. CHƯƠNG TRÌNH HỘI NGHỊ', blocks: lines.length ? lines.map((l) => paragraph(l)) : [paragraph(none)] };
}

function floorSection(facts: MinutesFacts, endedAt: Date, tz: string): MinutesSection {
  const spans = floorSpans(facts.floor, { hallSiteId: facts.conference.originSiteId, endedAt });
  const sites = new Map(facts.sites.map((s) => [s.siteId, s]));
  const heading = 'IV. PHÁT BIỂU TỪ CÁC ĐIỂM CẦU';
  if (!spans.length) return { heading, blocks: [paragraph('Không có điểm cầu nào được mời phát biểu; hội nghị do điểm cầu chính điều hành.')] };
  return {
    heading,
    blocks: [
      paragraph(`Chủ trì đã mời ${viNumber(spans.length)} lượt phát biểu từ các điểm cầu:`),
      {
        kind: 'table',
        columns: [
          { header: 'STT', width: 1, align: 'center' },
          { header: 'Điểm cầu', width: 4 },
          { header: 'Đơn vị', width: 3 },
          { header: 'Từ', width: 1.5, align: 'center' },
          { header: 'Đến', width: 1.5, align: 'center' },
          { header: 'Thời lượng', width: 2, align: 'right' },
        ],
        rows: spans.map((s, i) => {
          const site = sites.get(s.siteId);
          return [String(i + 1), site?.siteName ?? s.siteId, site?.unit.name ?? '', viShortClock(s.from, tz), viShortClock(s.to, tz), viDuration(s.to.getTime() - s.from.getTime())];
        }),
      },
    ],
  };
}

function voteBlocks(v: MinutesVote, index: number, tz: string): MinutesBlock[] {
  const cast = v.totals.reduce((a, b) => a + b, 0);
  const kind = v.secret ? 'bỏ phiếu kín' : 'biểu quyết công khai';
  const when = v.closedAt ? `từ ${viShortClock(v.openedAt, tz)} đến ${viShortClock(v.closedAt, tz)}` : `mở lúc ${viShortClock(v.openedAt, tz)}, chưa đóng khi lập biên bản (kết quả tạm tính)`;
  const best = Math.max(...v.totals);
  const leaders = v.options.filter((_, i) => cast > 0 && v.totals[i] === best);
  return [
    paragraph(`${index + 1}. ${v.question}`, { bold: true }),
    paragraph(`Hình thức: ${kind}, ${when}. Đã biểu quyết: ${viNumber(v.voted)}/${viNumber(v.expected)} điểm cầu, ${viNumber(cast)} đại biểu.`),
    {
      kind: 'table',
      columns: [
        { header: 'Phương án', width: 5 },
        { header: 'Số đại biểu', width: 2, align: 'right' },
        { header: 'Tỷ lệ', width: 2, align: 'right' },
      ],
      rows: v.options.map((label, i) => [label, viNumber(v.totals[i] ?? 0), viShare(v.totals[i] ?? 0, cast)]),
      total: ['Tổng số', viNumber(cast), cast ? '100%' : '0%'],
    },
    paragraph(
      leaders.length === 1
        ? `Kết quả: "${leaders[0]}" với ${viNumber(best)}/${viNumber(cast)} đại biểu (${viShare(best, cast)}).`
        : leaders.length
          ? `Kết quả: các phương án ${leaders.map((l) => `"${l}"`).join(', ')} ngang nhau, mỗi phương án ${viNumber(best)} đại biểu.`
          : 'Kết quả: không có đại biểu nào biểu quyết.',
      { italic: true },
    ),
  ];
}

function votesSection(votes: MinutesVote[], tz: string): MinutesSection {
  return { heading: 'V. BIỂU QUYẾT', blocks: votes.length ? votes.flatMap((v, i) => voteBlocks(v, i, tz)) : [paragraph(none)] };
}

function opinionsSection({ opinions }: MinutesFacts, tz: string): MinutesSection {
  const heading = 'VI. Ý KIẾN CÁC ĐIỂM CẦU';
  if (!opinions.length) return { heading, blocks: [paragraph(none)] };
  return {
    heading,
    blocks: [
      {
        kind: 'table',
        columns: [
          { header: 'STT', width: 1, align: 'center' },
          { header: 'Lúc', width: 1.5, align: 'center' },
          { header: 'Điểm cầu, người phát biểu', width: 4 },
          { header: 'Nội dung', width: 6 },
          { header: 'Xử lý', width: 2 },
        ],
        rows: opinions.map((op, i) => [
          String(i + 1),
          viShortClock(op.receivedAt, tz),
          [op.siteName, [op.speaker, op.speakerRole].filter(Boolean).join(', ')].filter(Boolean).join(': '),
          op.text,
          op.outcome ?? '',
        ]),
      },
    ],
  };
}
