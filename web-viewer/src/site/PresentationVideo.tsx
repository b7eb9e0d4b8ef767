import { useEffect, useRef } from 'react';
import { useT } from '../i18n/language';
import type { ProgramMedia } from './media-session';

/** The shared screen (slides), silent, with who presents it; the speaker's <video> carries the sound. */
export function PresentationVideo({ presentation }: { presentation: NonNullable<ProgramMedia['presentation']> }) {
  const t = useT();
  const ref = useRef<HTMLVideoElement>(null);
  const trackId = presentation.track.id;

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = new MediaStream([presentation.track]);
    void video.play().catch(() => undefined);
    // Rebuild the stream only when the track changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trackId]);

  return (
    <div className="program presentation" data-testid="presentation">
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
      </div>
    </div>
  );
}
