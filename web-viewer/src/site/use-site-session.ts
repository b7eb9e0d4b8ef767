import type { SiteSocketAuth } from '@lienthong/contracts';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { publishDiagnostics } from './diagnostics';
import { stateLabel } from './session-state';
import { SiteSession, type SiteSnapshot } from './site-session';

const noSubscribe = () => () => undefined;

/** Runs one SiteSession for the page's lifetime and keeps `window.__lienthong` in step with it. */
export function useSiteSession(auth: SiteSocketAuth): { session: SiteSession | null; snapshot: SiteSnapshot | null } {
  const [session, setSession] = useState<SiteSession | null>(null);
  // One session per credential (the object itself may be rebuilt on every render).
  const key = 'code' in auth ? `code:${auth.code}` : `token:${auth.token}`;
  useEffect(() => {
    const created = new SiteSession(auth);
    const publish = () => {
      const s = created.getSnapshot();
      publishDiagnostics(
        {
          state: stateLabel(s.state),
          role: s.role,
          conferenceId: s.conference?.id ?? null,
          siteId: s.site?.id ?? null,
          speaker: s.media.video?.siteName ?? null,
          presentation: s.media.presentation?.siteName ?? null,
          presenting: s.presenting,
          receiveLevel: s.receive.level,
          transports: s.transports,
        },
        created,
      );
    };
    created.subscribe(publish);
    publish();
    setSession(created);
    created.start();
    return () => created.stop();
    // `auth` may be a new object on every render; `key` names the credential it carries.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const snapshot = useSyncExternalStore(session?.subscribe ?? noSubscribe, () => session?.getSnapshot() ?? null);
  return { session, snapshot };
}
