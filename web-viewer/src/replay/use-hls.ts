// Plays a recording's signed master playlist with hls.js (adaptive between its renditions), or
// natively where the browser plays HLS itself. Starts at `startSec` (resume).
import Hls, { type Level } from 'hls.js/light';
import { type RefObject, useEffect, useState } from 'react';
import { useLatest } from '../shared/use-latest';

export interface HlsControls {
  /** The video renditions hls.js found, best first as the playlist lists them. */
  levels: { index: number; height: number; bitrate: number }[];
  /** -1: automatic (adaptive). */
  level: number;
  setLevel(level: number): void;
  fatal: string | null;
}

export function useHls(video: RefObject<HTMLVideoElement | null>, masterUrl: string | null, startSec: number): HlsControls {
  const [levels, setLevels] = useState<HlsControls['levels']>([]);
  const [level, setLevelState] = useState(-1);
  const [fatal, setFatal] = useState<string | null>(null);
  const [hls, setHls] = useState<Hls | null>(null);
  // Read when a playlist loads: a new start position alone must not reload it.
  const start = useLatest(startSec);

  useEffect(() => {
    const element = video.current;
    const startSec = start.current;
    if (!element || !masterUrl) return;
    if (!Hls.isSupported()) {
      // Safari and some TVs play HLS natively (no renditions menu then).
      element.src = masterUrl;
      const seek = () => (element.currentTime = startSec);
      element.addEventListener('loadedmetadata', seek, { once: true });
      return () => element.removeEventListener('loadedmetadata', seek);
    }
    // No worker: the page's CSP allows no blob: scripts, and transmuxing a VOD on the main thread is light.
    const player = new Hls({ enableWorker: false, startPosition: startSec, capLevelToPlayerSize: true });
    player.on(Hls.Events.MANIFEST_PARSED, (_e, data: { levels: Level[] }) =>
      setLevels(data.levels.map((l, index) => ({ index, height: l.height, bitrate: l.bitrate }))),
    );
    let recoveries = 0;
    player.on(Hls.Events.ERROR, (_e, data) => {
      if (!data.fatal) return;
      // A network hiccup or a decode glitch: let hls.js try again a few times, then say so (an
      // expired media token, after MEDIA_TOKEN_TTL_MINUTES, also ends here: reloading the page signs a new one).
      if (recoveries++ < 3 && data.type === Hls.ErrorTypes.NETWORK_ERROR) player.startLoad();
      else if (recoveries < 3 && data.type === Hls.ErrorTypes.MEDIA_ERROR) player.recoverMediaError();
      else setFatal(`${data.type}: ${data.details}`);
    });
    player.loadSource(masterUrl);
    player.attachMedia(element);
    setHls(player);
    return () => {
      player.destroy();
      setHls(null);
    };
  }, [video, masterUrl, start]);

  const setLevel = (next: number) => {
    setLevelState(next);
    if (hls) hls.currentLevel = next;
  };
  return { levels, level, setLevel, fatal };
}
