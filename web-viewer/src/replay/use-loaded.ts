import { useEffect, useState } from 'react';
import { toFailure, type Failure } from '../shared/failure';

export interface Loaded<T> {
  data: T | null;
  failure: Failure | null;
  loading: boolean;
}

/**
 * Loads once per `key` (a new key aborts the previous load); `reload` bumps it. A failed load is
 * tried again when `retryWhen` changes (e.g. the person signed in again).
 */
export function useLoaded<T>(key: string, load: (signal: AbortSignal) => Promise<T>, retryWhen: unknown = null): Loaded<T> & { reload(): void } {
  const [state, setState] = useState<Loaded<T>>({ data: null, failure: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(abort.signal).then(
      (data) => !abort.signal.aborted && setState({ data, failure: null, loading: false }),
      (err: unknown) => !abort.signal.aborted && setState((s) => ({ data: s.data, failure: toFailure(err, 'NETWORK'), loading: false })),
    );
    return () => abort.abort();
    // `load` is a new closure each render; `key` says when it asks for something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
  const failed = state.failure !== null;
  useEffect(() => {
    if (failed) setRound((r) => r + 1);
    // Only a new `retryWhen` retries; a failure alone must not loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [retryWhen]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}
