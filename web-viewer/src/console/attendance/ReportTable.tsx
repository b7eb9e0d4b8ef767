import type { ReportCell, TableReport } from '@lienthong/contracts';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useLanguage } from '../../i18n/language';
import { formatDateTime } from '../../shared/format';

const ROW_HEIGHT = 34;

/** A TableReport as the server sent it (headers already in the operator's language), rows virtualised. */
export function ReportTable({ report, testId }: { report: TableReport; testId?: string }) {
  const { language } = useLanguage();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: report.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const columns = report.columns;
  const show = (value: ReportCell | undefined, type: string | undefined) => {
    if (value === null || value === undefined || value === '') return '—';
    if (type === 'datetime' && typeof value === 'string') return formatDateTime(value, language);
    if (typeof value === 'boolean') return value ? '●' : '';
    return String(value);
  };
  const template = columns.map((c) => (c.key === 'intervals' ? 'minmax(14rem, 2fr)' : 'minmax(6rem, 1fr)')).join(' ');
  return (
    <div className="report-table" role="table" data-testid={testId} data-rows={report.rows.length}>
      <div className="report-row report-head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader">
            {c.header}
          </div>
        ))}
      </div>
      <div ref={scroller} className="report-body" style={{ maxHeight: 520 }}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = report.rows[item.index]!;
            return (
              <div key={item.key} role="row" className="report-row" style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                {columns.map((c) => (
                  <div key={c.key} role="cell" className={c.type === 'number' ? 'num' : undefined} title={c.key === 'intervals' ? String(row[c.key] ?? '') : undefined}>
                    {show(row[c.key], c.type)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
