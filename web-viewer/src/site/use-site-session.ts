import type { SiteSocketAuth } from '@lienthong/contracts';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useLatest } from '../shared/use-latest';
import { publishDiagnostics } from './diagnostics';
import { stateLabel } from './session-state';
import { SiteSession, type SiteSnapshot } from './site-session';

const noSubscribe = () => () => undefined;

/** Runs one SiteSession for the page's lifetime and keeps `window.__lienthong` in step with it. */
export function useSiteSession(auth: SiteSocketAuth): { session: SiteSession | null; snapshot: SiteSnapshot | null } {
  const [session, setSession] = useState<SiteSession | null>(null);
  // One session per credential (the object itself may be rebuilt on every render).
  const key = 'code' in auth ? `code:${auth.code}` : `token:${auth.token}`;
  const latestAuth = useLatest(auth);
  useEffect(() => {
    const created = new SiteSession(latestAuth.current);
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
  }, [latestAuth, key]);
  const snapshot = useSyncExternalStore(session?.subscribe ?? noSubscribe, () => session?.getSnapshot() ?? null);
  return { session, snapshot };
}
