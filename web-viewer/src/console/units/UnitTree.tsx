import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useT } from '../../i18n/language';
import type { TreeRow } from './tree-model';

export const TREE_ROW_HEIGHT = 30;

export type Selection = { kind: 'unit' | 'site'; id: string } | null;

/**
 * The unit tree, virtualised: only the rows in view (plus a few) are in the DOM, whatever the
 * number of rows, so a nation's 15,000 sites scroll like 50. Rows have one fixed height.
 */
export function UnitTree({
  rows,
  selected,
  onToggle,
  onSelect,
  height = 560,
}: {
  rows: readonly TreeRow[];
  selected: Selection;
  onToggle(unitId: string): void;
  onSelect(selection: Selection): void;
  height?: number;
}) {
  const t = useT().operator.units;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => TREE_ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div ref={scroller} className="unit-tree" style={{ height }} role="tree" aria-label={t.title} data-testid="unit-tree" data-rows={rows.length}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const id = row.kind === 'unit' ? row.unit.id : row.site.id;
          const isSelected = selected?.kind === row.kind && selected.id === id;
          return (
            <div
              key={id}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-selected={isSelected}
              aria-expanded={row.kind === 'unit' ? row.expanded : undefined}
              className={`tree-row tree-${row.kind}${isSelected ? ' tree-selected' : ''}`}
              data-code={row.kind === 'unit' ? row.unit.code : row.site.code}
              style={{ transform: `translateY(${item.start}px)`, height: TREE_ROW_HEIGHT, paddingLeft: 8 + row.depth * 18 }}
              onClick={() => onSelect({ kind: row.kind, id })}
            >
              {row.kind === 'unit' ? (
                <>
                  <button
                    type="button"
                    className="tree-toggle"
                    aria-label={row.expanded ? '−' : '+'}
                    disabled={row.childCount === 0}
                    onClick={(event) => {
                      event.stopPropagation();
                      onToggle(row.unit.id);
                    }}
                  >
                    {row.loading ? '…' : row.childCount === 0 ? '·' : row.expanded ? '▾' : '▸'}
                  </button>
                  <span className="tree-name">{row.unit.name}</span>
                  <span className="tree-meta">
                    {row.unit.tierName}
                    {row.childCount !== null ? ` · ${row.childCount}` : ''}
                  </span>
                </>
              ) : (
                <>
                  <span className="tree-site-mark" aria-hidden="true" />
                  <span className="tree-name">{row.site.name}</span>
                  <code className="tree-meta">{row.site.code}</code>
                </>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
