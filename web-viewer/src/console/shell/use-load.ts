import { useCallback, useEffect, useState } from 'react';
import { type Failure, toFailure } from '../../shared/failure';

export interface Loaded<T> {
  data: T | null;
  failure: Failure | null;
  loading: boolean;
  reload(): void;
}

/** Loads once per `key` (and again on `reload()`); an answer for an older key is dropped. */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; failure: Failure | null; loading: boolean }>({ data: null, failure: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, failure: null, loading: false }),
      (err: unknown) => !controller.signal.aborted && setState((s) => ({ ...s, failure: toFailure(err), loading: false })),
    );
    return () => controller.abort();
    // `load` is a new closure each render; `key` says when it asks for something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
