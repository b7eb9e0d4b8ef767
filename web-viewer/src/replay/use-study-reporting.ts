// Reports what the member actually plays: the tracker collects stretches from timeupdate; they go
// to the server every ~10 s, on pause, and when the page is hidden or closed (keepalive fetch).
import type { MyStudy } from '@lienthong/contracts';
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { ReplayApi } from './api';
import { WatchTracker } from './watch-tracker';

const REPORT_EVERY_MS = 10_000;

export interface StudyReporting {
  study: MyStudy;
  /** Reports that reached the server (for the page and for tests). */
  sent: number;
  lastFailed: boolean;
}

export function useStudyReporting(api: ReplayApi, recordingId: string, video: RefObject<HTMLVideoElement | null>, initial: MyStudy): StudyReporting {
  const [state, setState] = useState<StudyReporting>({ study: initial, sent: 0, lastFailed: false });
  const lastPosition = useRef(initial.positionSec);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const tracker = new WatchTracker();
    const onTick = () => {
      if (!element.paused && !element.seeking) tracker.tick(element.currentTime, performance.now(), element.playbackRate);
    };
    const interrupt = () => tracker.interrupt();

    const flush = (keepalive = false) => {
      const intervals = tracker.takePending();
      const position = element.currentTime;
      if (!intervals.length && Math.abs(position - lastPosition.current) < 1) return;
      lastPosition.current = position;
      api.reportProgress(recordingId, intervals, position, keepalive).then(
        (study) => setState((s) => ({ study, sent: s.sent + 1, lastFailed: false })),
        () => {
          tracker.restore(intervals);
          setState((s) => ({ ...s, lastFailed: true }));
        },
      );
    };
    const onPause = () => {
      // The pause position itself is the last played instant (the last timeupdate came up to 250 ms before).
      tracker.tick(element.currentTime, performance.now(), element.playbackRate);
      tracker.interrupt();
      flush();
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush(true);
    };
    const onLeave = () => flush(true);

    const listeners: [EventTarget, string, () => void][] = [
      [element, 'timeupdate', onTick],
      [element, 'seeking', interrupt],
      [element, 'waiting', interrupt],
      [element, 'emptied', interrupt],
      [element, 'pause', onPause],
      [element, 'ended', onPause],
      [document, 'visibilitychange', onHidden],
      [window, 'pagehide', onLeave],
    ];
    for (const [target, event, handler] of listeners) target.addEventListener(event, handler);
    const timer = setInterval(() => flush(), REPORT_EVERY_MS);
    return () => {
      clearInterval(timer);
      flush(true);
      for (const [target, event, handler] of listeners) target.removeEventListener(event, handler);
    };
  }, [api, recordingId, video]);

  return state;
}
