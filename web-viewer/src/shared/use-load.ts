import { useCallback, useEffect, useState } from 'react';
import { type Failure, type FailureCode, toFailure } from './failure';
import { useLatest } from './use-latest';

export interface Loaded<T> {
  data: T | null;
  /** The last load's failure; `data` keeps the last good answer meanwhile. */
  failure: Failure | null;
  loading: boolean;
  reload(): void;
}

export interface LoadOptions {
  /** A failed load is tried again when this changes (e.g. the person signed in again). */
  retryWhen?: unknown;
  /** What an error that is no wire error means where this page loads. */
  fallback?: FailureCode;
}

/**
 * Loads once per `key` (a new key aborts the previous load, and an answer for an older key is
 * dropped) and again on `reload()`. `load` may be a new closure on every render: `key` says when
 * it asks for something else.
 */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>, { retryWhen = null, fallback = 'INTERNAL' }: LoadOptions = {}): Loaded<T> {
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({ data: null, failure: null, loading: true });
  const [round, setRound] = useState(0);
  const latest = useLatest({ load, fallback, failed: state.failure !== null });
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    latest.current.load(abort.signal).then(
      (data) => !abort.signal.aborted && setState({ data, failure: null, loading: false }),
      (err: unknown) => !abort.signal.aborted && setState((s) => ({ data: s.data, failure: toFailure(err, latest.current.fallback), loading: false })),
    );
    return () => abort.abort();
  }, [latest, key, round]);
  // Only a new `retryWhen` retries; a failure alone must not loop.
  useEffect(() => {
    if (latest.current.failed) setRound((r) => r + 1);
  }, [latest, retryWhen]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
