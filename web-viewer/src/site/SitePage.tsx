import { codeFromJoinPath, siteInUseDetailsSchema, type SiteSocketAuth } from '@lienthong/contracts';
import { useEffect, useRef, useState } from 'react';
import { useLanguage, useT } from '../i18n/language';
import { AppHeader } from '../shared/AppHeader';
import { Failure, isHopeless } from '../shared/failure';
import { FailureBox } from '../shared/FailureBox';
import { useFormat } from '../shared/clock';
import { fragmentParam } from '../shared/fragment';
import { DeviceCheck } from './DeviceCheck';
import { loadPreferences } from './devices/preferences';
import { noSessionFields, publishDiagnostics } from './diagnostics';
import { FullscreenButton } from './FullscreenButton';
import { NoticeBoard } from './NoticeBoard';
import { PapersPanel } from './PapersPanel';
import { SiteVotesPanel } from '../votes/SiteVotesPanel';
import { HallOpinionsBoard } from '../opinions/HallOpinionsBoard';
import { SiteOpinionsPanel } from '../opinions/SiteOpinionsPanel';
import { NotOpenNotice } from './NotOpenNotice';
import { PresentationVideo } from './PresentationVideo';
import { PresentControls } from './PresentControls';
import { ProgramVideo } from './ProgramVideo';
import { QualityLine } from './QualityLine';
import { ReceiveControls } from './ReceiveControls';
import { RetryNotice } from './RetryNotice';
import { stateLabel } from './session-state';
import { StageControls } from './StageControls';
import { useSiteSession } from './use-site-session';

/** `/j/<code>` (a printed join link) or `/join#token=...` (a site token): the site endpoint. */
export function SitePage() {
  const code = codeFromJoinPath(location.pathname);
  const token = fragmentParam('token');
  const auth: SiteSocketAuth | null = code ? { code } : token ? { token } : null;
  return auth ? <SiteEndpoint auth={auth} autoJoin={fragmentParam('autojoin') === '1'} /> : <MissingToken />;
}

function MissingToken() {
  const t = useT();
  useEffect(() => {
    publishDiagnostics({ ...noSessionFields, state: stateLabel({ kind: 'error', code: 'MISSING_TOKEN' }) }, null);
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

/**
 * Three phases on one page: the device check (until "join", and while the conference is not open
 * yet), the conference (the program full screen, the weak-link switches), and a final screen for
 * what no retry can fix (expired link, conference over, site taken over by another PC).
 */
function SiteEndpoint({ auth, autoJoin }: { auth: SiteSocketAuth; autoJoin: boolean }) {
  const { t } = useLanguage();
  const clock = useFormat();
  const { session, snapshot } = useSiteSession(auth);

  // Kiosk links (`…&autojoin=1`): a PC that restarts unattended joins with the devices it remembers.
  useEffect(() => {
    if (!autoJoin || !session) return;
    const { devices, delegates } = loadPreferences();
    session.requestJoin({ devices, delegates, stream: null });
  }, [autoJoin, session]);
  const page = useRef<HTMLDivElement>(null);
  // On a narrow screen one picture at a time: the slides first, the speaker at a click.
  const [narrowFocus, setNarrowFocus] = useState<'slides' | 'speaker'>('slides');
  const state = snapshot?.state ?? { kind: 'connecting' as const };

  useEffect(() => {
    document.title = snapshot?.conference ? `${snapshot.conference.title} · ${t.appName}` : t.appName;
  }, [snapshot?.conference, t.appName]);

  const role = snapshot?.role ?? null;
  const failure = state.kind === 'error' ? snapshot?.failure ?? null : null;
  const final = failure !== null && isHopeless(failure.code);
  const notOpen = failure?.code === 'CONFERENCE_NOT_OPEN';
  const inConference = !final && !notOpen && (snapshot?.joinRequested ?? false);

  const retry = snapshot?.retry && session ? <RetryNotice retry={snapshot.retry} onRetry={() => session.retryNow()} /> : null;
  let main;
  if (final && failure) {
    main = (
      <div className="site-error">
        <FailureBox failure={failure} />
        {failure.code === 'SESSION_REPLACED' && session ? (
          <button type="button" className="button button-primary take-over" onClick={() => session.takeOver()}>
            {t.site.takeOver}
          </button>
        ) : null}
        {failure.code === 'SITE_IN_USE' && session ? (
          <div className="take-over-question" data-testid="take-over-question">
            <p>
              <strong>{t.site.takeOverQuestion}</strong>
            </p>
            <p className="muted">{connectedSince(failure.details, (iso) => t.site.connectedSince(clock.dateTime(iso)))}</p>
            <button type="button" className="button button-primary" data-testid="confirm-take-over" onClick={() => session.takeOver()}>
              {t.site.confirmTakeOver}
            </button>
          </div>
        ) : null}
      </div>
    );
  } else if (!inConference) {
    main = (
      <div className="prejoin">
        {notOpen && failure ? <NotOpenNotice failure={failure} /> : null}
        {failure && !notOpen ? <FailureBox failure={failure} compact /> : null}
        {failure ? retry : null}
        {state.kind === 'connecting' ? <p className="prejoin-status" role="status">{t.deviceCheck.connecting}</p> : null}
        <DeviceCheck
          snapshot={snapshot}
          // "Join when it opens" only when the conference is known not to be open, not while connecting.
          canJoinNow={!notOpen}
          onJoin={(request) => session?.requestJoin(request)}
        />
      </div>
    );
  } else if (failure) {
    main = (
      <div className="site-error">
        <FailureBox failure={failure} />
        {retry}
      </div>
    );
  } else {
    // A site never receives its own tracks back, so even the hall plays the program's sound:
    // it is the floor holder speaking. A presentation goes beside the speaker.
    const media = snapshot?.media ?? { video: null, presentation: null, audio: [] };
    main = (
      <div className={media.presentation ? 'program-stack program-with-presentation' : 'program-stack'} data-focus={narrowFocus}>
        {media.presentation ? <PresentationVideo presentation={media.presentation} still={snapshot?.receive.level === 'audio'} /> : null}
        <ProgramVideo
          media={media}
          muted={false}
          speakerId={snapshot?.devices.speakerId ?? null}
          audioOnly={snapshot?.receive.level === 'audio'}
        />
        {media.presentation ? (
          <button
            type="button"
            className="button layout-switch"
            data-testid="layout-switch"
            onClick={() => setNarrowFocus(narrowFocus === 'slides' ? 'speaker' : 'slides')}
          >
            {narrowFocus === 'slides' ? t.site.presentation.showSpeaker : t.site.presentation.showSlides}
          </button>
        ) : null}
        <NoticeBoard notices={snapshot?.notices ?? []} />
        {role === 'hall' && session ? <HallOpinionsBoard opinions={session.opinions} /> : null}
      </div>
    );
  }

  return (
    <div ref={page} className="page page-dark site-page" data-role={role ?? undefined}>
      <AppHeader title={<span className="conference-title">{snapshot?.conference?.title ?? t.appTagline}</span>} />
      <div className="site-identity" hidden={!snapshot?.site && !role}>
        {snapshot?.site ? (
          <>
            <span className="site-name">{snapshot.site.name}</span>
            <span className="site-unit">{snapshot.site.unitName}</span>
          </>
        ) : null}
        {role ? <span className={`role-badge role-${role}`}>{t.site.role[role]}</span> : null}
        {snapshot?.joinRequested && snapshot.delegates !== null ? (
          <span className="delegates-badge" data-testid="delegates-badge">{t.site.delegates(snapshot.delegates)}</span>
        ) : null}
        {snapshot?.sending ? (
          <span className="sending-badge" data-testid="sending">{role === 'hall' ? t.site.sending : t.site.sendingFloor}</span>
        ) : null}
        {snapshot?.previewed ? (
          <span className="previewed-badge" data-testid="previewed">{t.site.previewed}</span>
        ) : null}
        <span className="site-identity-end">
          {inConference ? <PapersPanel agenda={snapshot?.agenda ?? null} documents={snapshot?.documents ?? []} /> : null}
          {inConference && session ? <SiteVotesPanel votes={session.votes} present={snapshot?.delegates ?? null} /> : null}
          {inConference && session ? <SiteOpinionsPanel opinions={session.opinions} /> : null}
          <FullscreenButton target={page} />
        </span>
      </div>
      <main className={inConference && !failure ? 'site-main' : 'site-main site-main-scroll'}>{main}</main>
      <footer className="status-bar" aria-label={t.site.controls}>
        <div className="status-item" data-testid="connection-state" role="status">
          <span className={`state-dot state-${notOpen ? 'waiting' : state.kind}`} aria-hidden="true" />
          {t.site.connection}:{' '}
          <strong>{state.kind === 'error' ? t.errors[state.code].title : t.site.state[state.kind]}</strong>
          {state.kind === 'error' ? <code className="state-code">{state.code}</code> : null}
          {snapshot?.resuming ? (
            <span className="resuming-note" data-testid="resuming">
              {t.site.resuming}
            </span>
          ) : null}
        </div>
        {inConference ? <QualityLine quality={snapshot?.quality ?? { level: 'none', kbps: 0, lossPercent: 0, fps: 0 }} /> : null}
        {inConference && snapshot && session ? (
          <PresentControls snapshot={snapshot} onShare={() => void session.startPresenting()} onStop={() => void session.stopPresenting()} />
        ) : null}
        {inConference && snapshot && session ? (
          <StageControls snapshot={snapshot} onRaiseHand={(raised) => void session.raiseHand(raised)} />
        ) : null}
        {inConference && snapshot && session ? (
          <ReceiveControls receive={snapshot.receive} onChange={(patch) => session.setSwitches(patch)} />
        ) : null}
      </footer>
    </div>
  );
}

/** "Connected there since …" from a SITE_IN_USE refusal's details (empty when it does not say). */
function connectedSince(details: Record<string, unknown> | undefined, say: (iso: string) => string): string {
  const parsed = siteInUseDetailsSchema.safeParse(details);
  return parsed.success && parsed.data.connectedSince ? say(parsed.data.connectedSince) : '';
}
