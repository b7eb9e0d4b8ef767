import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n/language';
import { useLatest } from '../shared/use-latest';
import { routeToSpeaker } from './devices/device-list';
import type { ProgramMedia } from './media-session';

/**
 * The program, full width: the current video plus every program audio track in one <video>.
 * The hall's preview is muted (its own sound would feed back into its microphones). If the
 * browser refuses to autoplay with sound, the picture plays muted and a large button asks for
 * the one click that turns the sound on.
 */
export function ProgramVideo({
  media,
  muted,
  speakerId,
  audioOnly,
}: {
  media: ProgramMedia;
  muted: boolean;
  /** the speaker chosen on the device check (null: the system's default) */
  speakerId: string | null;
  /** the node forwards no video: the last picture stays, under a notice */
  audioOnly: boolean;
}) {
  const t = useT();
  const ref = useRef<HTMLVideoElement>(null);
  const [blockedSound, setBlockedSound] = useState(false);
  const tracks = useMemo(
    () => [...(media.video ? [media.video.track] : []), ...media.audio],
    [media.video, media.audio],
  );
  // Rebuild the stream only when the set of tracks changes, not when `media` is a new object.
  const trackKey = tracks.map((track) => track.id).join(',');
  const latestTracks = useLatest(tracks);

  useEffect(() => {
    const video = ref.current;
    const tracks = latestTracks.current;
    if (!video) return;
    video.defaultMuted = muted; // the `muted` attribute itself; React only sets the property
    video.muted = muted;
    video.srcObject = tracks.length ? new MediaStream(tracks) : null;
    if (!tracks.length) return;
    video.play().catch((err: unknown) => {
      if (err instanceof DOMException && err.name === 'NotAllowedError' && !muted) {
        video.muted = true;
        setBlockedSound(true);
        void video.play().catch(() => undefined);
      }
    });
  }, [latestTracks, trackKey, muted]);

  useEffect(() => {
    if (ref.current) void routeToSpeaker(ref.current, speakerId);
  }, [speakerId]);

  const enableSound = () => {
    const video = ref.current;
    if (!video) return;
    video.muted = false;
    setBlockedSound(false);
    void video.play().catch(() => undefined);
  };

  return (
    <div className="program">
      <video
        ref={ref}
        id="program"
        data-testid="program-video"
        aria-label={media.video ? `${t.site.speaker}: ${media.video.siteName}` : t.site.waitingForProgram}
        className={media.video ? 'program-video' : 'program-video program-video-empty'}
        autoPlay
        playsInline
        muted={muted}
      />
      {!media.video ? <div className="program-placeholder">{t.site.waitingForProgram}</div> : null}
      {media.video ? (
        <div className="program-speaker" data-testid="program-speaker">
          <span className="live-dot" aria-hidden="true" />
          <span>
            <span>
              {t.site.speaker}: <strong>{media.video.siteName}</strong>
            </span>
            <span className="program-speaker-unit">{media.video.unitName}</span>
          </span>
        </div>
      ) : null}
      {audioOnly && media.video ? (
        <div className="audio-only-notice" role="status" data-testid="audio-only-notice">
          {t.receive.audioOnlyOverlay}
        </div>
      ) : null}
      {blockedSound && !muted ? (
        <button type="button" className="sound-button" onClick={enableSound}>
          {t.site.tapForSound}
        </button>
      ) : null}
    </div>
  );
}
