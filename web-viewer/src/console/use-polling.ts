import { useEffect, useState } from 'react';
import { type Failure, isHopeless, toFailure } from '../shared/failure';
import { useLatest } from '../shared/use-latest';

export interface Polled<T> {
  data: T | null;
  /** The last attempt's failure; `data` keeps the last good answer meanwhile. */
  failure: Failure | null;
  updatedAt: Date | null;
}

/**
 * Loads now and then every `intervalMs` after each answer (never two requests at once), until
 * unmounted, `key` changes or a failure no retry can fix; `null` loads once (nothing changes any
 * more, e.g. a conference that has ended). `load` is read from the render that set `key`.
 */
export function usePolling<T>(key: string, load: (signal: AbortSignal) => Promise<T>, intervalMs: number | null): Polled<T> {
  const [polled, setPolled] = useState<Polled<T>>({ data: null, failure: null, updatedAt: null });
  const latestLoad = useLatest(load);
  useEffect(() => {
    const load = latestLoad.current;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const data = await load(controller.signal);
        if (controller.signal.aborted) return;
        setPolled({ data, failure: null, updatedAt: new Date() });
      } catch (err) {
        if (controller.signal.aborted) return;
        const failure = toFailure(err);
        setPolled((previous) => ({ ...previous, failure }));
        if (isHopeless(failure.code)) return; // a wrong token stays wrong: stop asking
      }
      if (intervalMs !== null) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [latestLoad, key, intervalMs]);
  return polled;
}
