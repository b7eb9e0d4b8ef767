import { siteLinkMemorySchema, type SiteLinkMemory } from '@lienthong/contracts';

/** Per site (a PC may serve more than one over the years), what its last session's link carried. */
const keyFor = (siteId: string) => `lienthong.site.link.${siteId}`;

export function loadLastLink(siteId: string): SiteLinkMemory | null {
  try {
    const parsed = siteLinkMemorySchema.safeParse(JSON.parse(localStorage.getItem(keyFor(siteId)) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveLastLink(siteId: string, link: SiteLinkMemory): void {
  try {
    localStorage.setItem(keyFor(siteId), JSON.stringify(link));
  } catch {
    // Storage may be disabled on kiosk profiles: the next join starts from the link profile.
  }
}
