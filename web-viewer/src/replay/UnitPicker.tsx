import type { UnitRecord } from '@lienthong/contracts';
import { useEffect, useState } from 'react';
import { useLatest } from '../shared/use-latest';
import { useT } from '../i18n/language';
import type { ReplayApi } from './api';

const label = (u: UnitRecord) => `${u.name} (${u.code})`;

/**
 * A unit of the caller's scope, found by typing part of its name or code (a scope may hold
 * thousands of units: the list asks the server, 20 at a time). Only for roles that may read units.
 */
export function UnitPicker({ api, onPick }: { api: ReplayApi; onPick(unitId: string | undefined): void }) {
  const t = useT().replay.library;
  const [text, setText] = useState('');
  const [options, setOptions] = useState<UnitRecord[]>([]);
  // A new text is what asks again: options arriving, or a new `onPick`, must not.
  const latest = useLatest({ options, onPick, api });
  useEffect(() => {
    const q = text.trim();
    const picked = latest.current.options.find((u) => label(u) === q);
    latest.current.onPick(picked?.id);
    if (picked || q.length < 2) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      latest.current.api.call('units.list', { query: { q, limit: '20' }, signal: abort.signal }).then(
        (page) => setOptions(page.items),
        () => setOptions([]),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [latest, text]);
  return (
    <label>
      {t.unit}
      <input list="replay-units" value={text} placeholder={t.anyUnit} onChange={(e) => setText(e.target.value)} data-testid="replay-unit" />
      <datalist id="replay-units">
        {options.map((u) => (
          <option key={u.id} value={label(u)} />
        ))}
      </datalist>
    </label>
  );
}
