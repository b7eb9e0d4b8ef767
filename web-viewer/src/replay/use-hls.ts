// Plays a recording's signed master playlist with hls.js (adaptive between its renditions), or
// natively where the browser plays HLS itself. Starts at `startSec` (resume). Every media URL
// carries a signed token that lapses (MEDIA_TOKEN_TTL_MINUTES) or is revoked: when the server
// refuses one (401), the player asks `renew` for a freshly signed master URL, swaps the token in
// every later request and carries on from where it stands; only a refusal of `renew` itself (the
// person may no longer see the recording) stops it with an error.
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

/** The signed part of a media URL: `/media/<token>/` (see control-plane/src/recordings/media-path.ts). */
const signedPart = (url: string): string | null => /\/media\/[^/]+\//.exec(url)?.[0] ?? null;

export function useHls(
  video: RefObject<HTMLVideoElement | null>,
  masterUrl: string | null,
  startSec: number,
  /** A freshly signed master URL (rejects with the reason when the person may no longer see it). */
  renew?: () => Promise<string>,
): HlsControls {
  const [levels, setLevels] = useState<HlsControls['levels']>([]);
  const [level, setLevelState] = useState(-1);
  const [fatal, setFatal] = useState<string | null>(null);
  const [hls, setHls] = useState<Hls | null>(null);
  // Read when a playlist loads: a new start position alone must not reload it.
  const start = useLatest(startSec);
  // The caller's latest way to sign again: a new function each render must not reload the playlist.
  const renewLatest = useLatest(renew);

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
    // hls.js keeps the URLs of the first master playlist: each request gets the latest signature.
    const first = signedPart(masterUrl);
    let current = first;
    const signed = (url: string) => (first && current && current !== first ? url.replace(first, current) : url);
    let renewing: Promise<boolean> | null = null;
    let refused = false;
    /** One renewal at a time: true once the new signature is in place; false after a refusal (shown, and loading stops). */
    const renewSignature = () =>
      (renewing ??= (renewLatest.current ? renewLatest.current() : Promise.reject(new Error('the media URL has lapsed')))
        .then((url) => {
          current = signedPart(url) ?? current;
          return true;
        })
        .catch((err: unknown) => {
          refused = true;
          player.stopLoad();
          setFatal(err instanceof Error ? err.message : String(err));
          return false;
        })
        .finally(() => (renewing = null)));
    // No worker: the page's CSP allows no blob: scripts, and transmuxing a VOD on the main thread is light.
    const player = new Hls({
      enableWorker: false,
      startPosition: startSec,
      capLevelToPlayerSize: true,
      xhrSetup: (xhr, url) => xhr.open('GET', signed(url), true),
    });
    player.on(Hls.Events.MANIFEST_PARSED, (_e, data: { levels: Level[] }) =>
      setLevels(data.levels.map((l, index) => ({ index, height: l.height, bitrate: l.bitrate }))),
    );
    let recoveries = 0;
    player.on(Hls.Events.ERROR, (_e, data) => {
      // The signature lapsed or was revoked: sign again (unless this request still had an older
      // one: the renewal is done or under way), then load on from where the video stands.
      if (data.response?.code === 401) {
        const sentWith = signedPart((data.networkDetails as XMLHttpRequest | undefined)?.responseURL ?? '');
        if (refused) return;
        const renewal = sentWith && sentWith !== current ? (renewing ?? Promise.resolve(true)) : renewSignature();
        if (data.fatal) void renewal.then((renewed) => renewed && player.startLoad(element.currentTime));
        return;
      }
      if (!data.fatal) return;
      // A network hiccup or a decode glitch: let hls.js try again a few times, then say so.
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
  }, [video, masterUrl, start, renewLatest]);

  const setLevel = (next: number) => {
    setLevelState(next);
    if (hls) hls.currentLevel = next;
  };
  return { levels, level, setLevel, fatal };
}
