import { useEffect } from 'react';
import { useT } from '../i18n/language';
import { AppHeader } from '../shared/AppHeader';
import { Failure } from '../shared/failure';
import { FailureBox } from '../shared/FailureBox';
import { fragmentParam } from '../shared/fragment';
import { publishDiagnostics } from './diagnostics';
import { ProgramVideo } from './ProgramVideo';
import { QualityLine } from './QualityLine';
import { RetryNotice } from './RetryNotice';
import { stateLabel } from './session-state';
import { useSiteSession } from './use-site-session';

/** `/join#token=...`: the site endpoint. */
export function SitePage() {
  const token = fragmentParam('token');
  return token ? <SiteEndpoint token={token} /> : <MissingToken />;
}

function MissingToken() {
  const t = useT();
  useEffect(() => {
    publishDiagnostics(
      {
        state: stateLabel({ kind: 'error', code: 'MISSING_TOKEN' }),
        role: null,
        conferenceId: null,
        siteId: null,
        speaker: null,
        transports: {},
      },
      null,
    );
  }, []);
  return (
    <div className="page page-dark">
      <AppHeader title={t.site.noToken} />
      <main className="site-main">
        <div className="site-error">
          <FailureBox failure={new Failure('MISSING_TOKEN')} />
        </div>
      </main>
    </div>
  );
}

function SiteEndpoint({ token }: { token: string }) {
  const t = useT();
  const { session, snapshot } = useSiteSession(token);
  const state = snapshot?.state ?? { kind: 'connecting' as const };

  useEffect(() => {
    document.title = snapshot?.conference ? `${snapshot.conference.title} · ${t.appName}` : t.appName;
  }, [snapshot?.conference, t.appName]);

  const role = snapshot?.role ?? null;
  return (
    <div className="page page-dark site-page" data-role={role ?? undefined}>
      <AppHeader title={<span className="conference-title">{snapshot?.conference?.title ?? t.appTagline}</span>} />
      <div className="site-identity" hidden={!snapshot?.site && !role}>
        {snapshot?.site ? (
          <>
            <span className="site-name">{snapshot.site.name}</span>
            <span className="site-unit">{snapshot.site.unitName}</span>
          </>
        ) : null}
        {role ? <span className={`role-badge role-${role}`}>{t.site.role[role]}</span> : null}
        {snapshot?.sending ? <span className="sending-badge">{t.site.sending}</span> : null}
      </div>
      <main className="site-main">
        {state.kind === 'error' && snapshot?.failure ? (
          <div className="site-error">
            <FailureBox failure={snapshot.failure} />
            {snapshot.retry && session ? <RetryNotice retry={snapshot.retry} onRetry={() => session.retryNow()} /> : null}
            {state.code === 'SESSION_REPLACED' && session ? (
              <button type="button" className="button button-primary take-over" onClick={() => session.retryNow()}>
                {t.site.takeOver}
              </button>
            ) : null}
          </div>
        ) : (
          <ProgramVideo media={snapshot?.media ?? { video: null, audio: [] }} muted={role === 'hall'} />
        )}
      </main>
      <footer className="status-bar">
        <div className="status-item" data-testid="connection-state">
          <span className={`state-dot state-${state.kind}`} aria-hidden="true" />
          {t.site.connection}:{' '}
          <strong>{state.kind === 'error' ? t.errors[state.code].title : t.site.state[state.kind]}</strong>
          {state.kind === 'error' ? <code className="state-code">{state.code}</code> : null}
        </div>
        <QualityLine session={session} active={state.kind === 'receiving'} />
      </footer>
    </div>
  );
}
