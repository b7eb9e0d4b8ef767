import type { ReportCell, TableReport } from '@lienthong/contracts';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useLanguage } from '../../i18n/language';
import { useFormat } from '../../shared/clock';

/** Two lines of text (a cell wraps once, see .report-row in console.css) and the row's padding. */
const ROW_HEIGHT = 46;

/** How much of the width a column takes: names and spans more than codes and counts. */
function columnWeight(key: string, type: string | undefined): number {
  if (key === 'intervals') return 2.4;
  if (type === 'number' || type === 'boolean') return 0.8;
  if (type === 'datetime') return 1.3;
  return /code/i.test(key) ? 0.9 : 1.6;
}

/** A TableReport as the server sent it (headers already in the operator's language), rows virtualised. */
export function ReportTable({ report, testId }: { report: TableReport; testId?: string }) {
  const { t } = useLanguage();
  const clock = useFormat();
  const { yes, no } = t.operator.common;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: report.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const columns = report.columns;
  const show = (value: ReportCell | undefined, type: string | undefined) => {
    if (value === null || value === undefined || value === '') return '—';
    if (type === 'datetime' && typeof value === 'string') return clock.dateTime(value);
    if (typeof value === 'boolean') return value ? yes : no;
    return String(value);
  };
  // Every column shrinks (its cell ellipsised, the full text in its tooltip): at 1366 px a fixed
  // minimum per column pushed the last ones out of sight.
  const template = columns.map((c) => `minmax(0, ${columnWeight(c.key, c.type)}fr)`).join(' ');
  return (
    <div className="report-table" role="table" data-testid={testId} data-rows={report.rows.length}>
      <div className="report-row report-head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader">
            {c.header}
          </div>
        ))}
      </div>
      {/* Focusable, so a keyboard scrolls it too; a rowgroup, so the table still owns its rows. */}
      <div ref={scroller} className="report-body" role="rowgroup" tabIndex={0}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = report.rows[item.index]!;
            return (
              <div key={item.key} role="row" className="report-row" style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                {columns.map((c) => (
                  <div key={c.key} role="cell" className={c.type === 'number' ? 'num' : undefined} title={show(row[c.key], c.type)}>
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
