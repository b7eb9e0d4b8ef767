import { type ReactNode, useDeferredValue, useState } from 'react';
import { useT } from '../../i18n/language';
import { useLoad } from '../../shared/use-load';

/**
 * A search box that lists what the API finds for the text typed (units or sites in scope, by
 * name or code) and hands the one clicked to `onPick`. Used for hosts, rules and explicit sites.
 */
export function SearchPicker<T extends { id: string }>({
  label,
  search,
  render,
  onPick,
  testId,
}: {
  label: string;
  search(q: string, signal: AbortSignal): Promise<T[]>;
  render(item: T): ReactNode;
  onPick(item: T): void;
  testId?: string;
}) {
  const t = useT().operator;
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const found = useLoad(`${label}:${q}`, (signal) => (q ? search(q, signal) : Promise.resolve([])));
  return (
    <div className="picker" data-testid={testId}>
      <input type="search" aria-label={label} placeholder={`${label}: ${t.schedule.typeToSearch}`} value={text} onChange={(e) => setText(e.target.value)} />
      {q && found.data?.length ? (
        <ul className="picker-options" role="listbox">
          {found.data.map((item) => (
            <li key={item.id} role="option" aria-selected={false}>
              <button
                type="button"
                onClick={() => {
                  onPick(item);
                  setText('');
                }}
              >
                {render(item)}
              </button>
            </li>
          ))}
        </ul>
      ) : q && !found.loading ? (
        <p className="muted">{t.units.noResults}</p>
      ) : null}
    </div>
  );
}
