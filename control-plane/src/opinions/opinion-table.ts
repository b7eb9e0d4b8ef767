// A conference's opinions as a table report (JSON, CSV or XLSX): who said what, from which site,
// and what the secretariat decided. Cells are neutralised by the export (table-export.ts).
import type { Opinion, OpinionKind, OpinionStatus, ReportLanguage, TableReport } from '@lienthong/contracts';

const words = {
  vi: {
    title: 'Ý kiến tại hội nghị',
    columns: { number: 'Số', sentAt: 'Thời điểm gửi', site: 'Điểm cầu', unit: 'Đơn vị', kind: 'Loại', speaker: 'Người phát biểu', role: 'Chức danh', text: 'Nội dung', status: 'Trạng thái', decidedAt: 'Thời điểm xử lý', reason: 'Lý do không tiếp nhận', mergedInto: 'Gộp vào ý kiến số' },
    kind: { opinion: 'Ý kiến', question: 'Câu hỏi' },
    status: { pending: 'Chờ xử lý', accepted: 'Đã tiếp nhận', rejected: 'Không tiếp nhận', merged: 'Đã gộp', forwarded: 'Đã chuyển chủ tọa', done: 'Đã xử lý tại hội trường' },
  },
  en: {
    title: 'Opinions at the conference',
    columns: { number: 'No.', sentAt: 'Sent at', site: 'Site', unit: 'Unit', kind: 'Kind', speaker: 'Speaker', role: 'Role', text: 'Text', status: 'Status', decidedAt: 'Decided at', reason: 'Reason for rejection', mergedInto: 'Merged into no.' },
    kind: { opinion: 'Opinion', question: 'Question' },
    status: { pending: 'Waiting', accepted: 'Accepted', rejected: 'Rejected', merged: 'Merged', forwarded: 'Forwarded to the chair', done: 'Dealt with in the hall' },
  },
} satisfies Record<ReportLanguage, { title: string; columns: Record<string, string>; kind: Record<OpinionKind, string>; status: Record<OpinionStatus, string> }>;

export function opinionsTable(conference: { id: string; title: string }, opinions: Opinion[], language: ReportLanguage): TableReport {
  const w = words[language];
  const c = w.columns;
  return {
    title: `${w.title}: ${conference.title}`,
    fileName: `opinions-${conference.id.slice(0, 8)}`,
    language,
    columns: [
      { key: 'number', header: c.number, type: 'number' },
      { key: 'sentAt', header: c.sentAt, type: 'datetime' },
      { key: 'site', header: c.site },
      { key: 'unit', header: c.unit },
      { key: 'kind', header: c.kind },
      { key: 'speaker', header: c.speaker },
      { key: 'role', header: c.role },
      { key: 'text', header: c.text },
      { key: 'status', header: c.status },
      { key: 'decidedAt', header: c.decidedAt, type: 'datetime' },
      { key: 'reason', header: c.reason },
      { key: 'mergedInto', header: c.mergedInto, type: 'number' },
    ],
    rows: opinions.map((o) => ({
      number: o.number,
      sentAt: o.sentAt,
      site: o.siteName,
      unit: o.unitName,
      kind: w.kind[o.kind],
      speaker: o.speakerName,
      role: o.speakerRole,
      text: o.text,
      status: w.status[o.status],
      decidedAt: o.decidedAt,
      reason: o.reason,
      mergedInto: o.mergedIntoNumber,
    })),
  };
}
