import { maxPreviews } from '@lienthong/contracts';

/** What the demand needs of a site: its id, and whether it is connected (only then may it send a picture). */
export interface PreviewCandidate {
  id: string;
  connected: boolean;
}

/**
 * The sites whose thumbnails the console asks for: those on screen (`visible`, as the grid's
 * IntersectionObserver reports its tiles) and connected, in grid order, the first `max`.
 * `sites` are the tiles in grid order (the rendered ones are enough: no other tile is on screen).
 */
export function previewDemand(sites: readonly PreviewCandidate[], visible: ReadonlySet<string>, max: number = maxPreviews): string[] {
  const wanted: string[] = [];
  for (const site of sites) {
    if (wanted.length >= max) break;
    if (site.connected && visible.has(site.id)) wanted.push(site.id);
  }
  return wanted;
}
