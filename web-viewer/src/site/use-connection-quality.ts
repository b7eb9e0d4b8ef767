import { useEffect, useState } from 'react';
import { assessQuality, noQuality, type Quality } from './quality';
import type { InboundStats } from './stats';

const SAMPLE_MS = 2_000;

/** Samples the receive statistics every 2 s while `active`, and rates the last interval. */
export function useConnectionQuality(
  source: { inboundStats(): Promise<InboundStats> } | null,
  active: boolean,
): Quality {
  const [quality, setQuality] = useState<Quality>(noQuality);
  useEffect(() => {
    if (!source || !active) {
      setQuality(noQuality);
      return;
    }
    let previous: InboundStats | null = null;
    let cancelled = false;
    const sample = async () => {
      try {
        const current = await source.inboundStats();
        if (cancelled) return;
        if (previous) setQuality(assessQuality(previous, current));
        previous = current;
      } catch {
        // The transport closed between samples; the next join starts over.
      }
    };
    void sample();
    const timer = setInterval(() => void sample(), SAMPLE_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [source, active]);
  return quality;
}
