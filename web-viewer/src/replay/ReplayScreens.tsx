import type { RecordingDetail } from '@lienthong/contracts';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useLanguage } from '../i18n/language';
import { needsSeek, presentationTimeAt } from './presentation-sync';
import { useHls } from './use-hls';

type RecordedSlides = NonNullable<NonNullable<RecordingDetail['media']>['presentation']>;

/**
 * The recording's pictures: the speaker, and beside it the slides while a screen was shared, as
 * the sites saw them live (slides first). A narrow screen shows one at a time with a switch. The
 * speaker's player leads (its controls, its sound); the slides follow it.
 */
export function ReplayScreens({ video, poster, presentation }: { video: RefObject<HTMLVideoElement | null>; poster: string | null; presentation: RecordedSlides | null }) {
  const t = useLanguage().t.replay.player;
  const slides = useRef<HTMLVideoElement>(null);
  useHls(slides, presentation?.playlist ?? null, 0);
  const sharing = useFollowingSlides(video, slides, presentation);
  const [wanted, setWanted] = useState<'slides' | 'speaker'>('slides');
  const shown = sharing ? wanted : 'speaker';
  return (
    <div className={presentation ? 'replay-screens replay-screens-two' : 'replay-screens'} data-show={shown}>
      {presentation ? (
        <div className="replay-slides" data-testid="replay-presentation" data-sharing={sharing}>
          <video ref={slides} className="replay-video" muted playsInline aria-label={t.slides} data-testid="replay-presentation-video" />
          {sharing ? null : <p className="replay-slides-none">{t.noSlidesNow}</p>}
        </div>
      ) : null}
      <video ref={video} className="replay-video replay-speaker" controls playsInline poster={poster ?? undefined} data-testid="replay-video" />
      {sharing ? (
        <button type="button" className="button replay-layout-switch" data-testid="replay-layout-switch" onClick={() => setWanted(shown === 'slides' ? 'speaker' : 'slides')}>
          {shown === 'slides' ? t.showSpeaker : t.showSlides}
        </button>
      ) : null}
    </div>
  );
}

/** Keeps the slides' player where the speaker's is (position, play/pause, rate); answers whether a screen was shared at this moment. */
function useFollowingSlides(main: RefObject<HTMLVideoElement | null>, slides: RefObject<HTMLVideoElement | null>, presentation: RecordedSlides | null): boolean {
  const [sharing, setSharing] = useState(false);
  useEffect(() => {
    const lead = main.current;
    if (!lead || !presentation) return;
    const follow = () => {
      const at = presentationTimeAt(presentation.spans, lead.currentTime);
      setSharing(at !== null);
      const other = slides.current;
      if (!other) return;
      if (at === null) {
        other.pause();
        return;
      }
      if (needsSeek(other.currentTime, at)) other.currentTime = at;
      other.playbackRate = lead.playbackRate;
      if (lead.paused) other.pause();
      else if (other.paused) void other.play().catch(() => undefined);
    };
    const events = ['timeupdate', 'seeked', 'play', 'pause', 'ratechange'] as const;
    for (const e of events) lead.addEventListener(e, follow);
    follow();
    return () => {
      for (const e of events) lead.removeEventListener(e, follow);
    };
  }, [main, slides, presentation]);
  return sharing;
}
