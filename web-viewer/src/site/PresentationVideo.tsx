import { useEffect, useRef } from 'react';
import { useT } from '../i18n/language';
import { useLatest } from '../shared/use-latest';
import type { ProgramMedia } from './media-session';

/**
 * The shared screen (slides), silent, with who presents it; the speaker's <video> carries the sound.
 * `still`: the site receives sound only, and the <video> holds the last still of the slide.
 */
export function PresentationVideo({ presentation, still }: { presentation: NonNullable<ProgramMedia['presentation']>; still: boolean }) {
  const t = useT();
  const ref = useRef<HTMLVideoElement>(null);
  // Rebuild the stream only when the track changes, not when `presentation` is a new object.
  const trackId = presentation.track.id;
  const track = useLatest(presentation.track);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = new MediaStream([track.current]);
    void video.play().catch(() => undefined);
  }, [track, trackId]);

  return (
    <div className="program presentation" data-testid="presentation" data-still={still ? 'true' : undefined}>
      <video
        ref={ref}
        className="program-video"
        data-testid="presentation-video"
        aria-label={t.site.presentation.presentedBy(presentation.siteName)}
        autoPlay
        playsInline
        muted
      />
      <div className="program-speaker presentation-label">
        <span>{t.site.presentation.presentedBy(presentation.siteName)}</span>
        {still ? <span className="presentation-still" data-testid="presentation-still">{t.site.presentation.still}</span> : null}
      </div>
    </div>
  );
}
