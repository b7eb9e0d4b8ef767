// A vote's sites as a table report (JSON, CSV or XLSX). A secret ballot's export says which sites
// voted and when, not what each entered: the per-site counts stay in the database for audit.
import type { ReportLanguage, TableReport, Vote, VoteSiteLine } from '@lienthong/contracts';

const headers = {
  vi: { site: 'Điểm cầu', unit: 'Đơn vị', voted: 'Đã biểu quyết', at: 'Thời điểm', corrections: 'Số lần sửa', title: 'Biểu quyết' },
  en: { site: 'Site', unit: 'Unit', voted: 'Voted', at: 'Entered at', corrections: 'Corrections', title: 'Vote' },
};

export function voteSitesTable(vote: Vote, lines: VoteSiteLine[], language: ReportLanguage): TableReport {
  const h = headers[language];
  const optionKeys = vote.secret ? [] : vote.options.map((_, i) => `option${i + 1}`);
  return {
    title: `${h.title}: ${vote.question}`,
    fileName: `vote-${vote.id.slice(0, 8)}`,
    columns: [
      { key: 'site', header: h.site },
      { key: 'unit', header: h.unit },
      { key: 'voted', header: h.voted, type: 'boolean' },
      ...optionKeys.map((key, i) => ({ key, header: vote.options[i]!, type: 'number' as const })),
      { key: 'enteredAt', header: h.at, type: 'datetime' },
      { key: 'corrections', header: h.corrections, type: 'number' },
    ],
    rows: lines.map((l) => ({
      site: l.siteName,
      unit: l.unitName,
      voted: l.counts !== null,
      ...Object.fromEntries(optionKeys.map((key, i) => [key, l.counts?.[i] ?? null])),
      enteredAt: l.enteredAt,
      corrections: l.corrections,
    })),
  };
}
