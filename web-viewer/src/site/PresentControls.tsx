import { useT } from '../i18n/language';
import type { SiteSnapshot } from './site-session';

/**
 * "Share screen" for whoever is in the program: the hall always, another site while it holds
 * the floor. While sharing, the button stops it (so does the browser's own sharing bar).
 */
export function PresentControls({ snapshot, onShare, onStop }: { snapshot: SiteSnapshot; onShare(): void; onStop(): void }) {
  const t = useT();
  const p = t.site.presentation;
  const mayPresent = snapshot.role === 'hall' || (snapshot.stage?.onFloor ?? false);
  if (!mayPresent && !snapshot.presenting) return null;
  const problem = snapshot.presentProblem;
  return (
    <div className="present-controls" role="group" aria-label={p.label}>
      {snapshot.presenting ? (
        <>
          <span className="stage-badge present-badge" data-testid="presenting">{p.sharing}</span>
          <button type="button" className="button" data-testid="stop-sharing" onClick={onStop}>
            {p.stop}
          </button>
        </>
      ) : (
        <button type="button" className="button" data-testid="share-screen" disabled={snapshot.state.kind !== 'receiving' && snapshot.state.kind !== 'joined'} onClick={onShare}>
          {p.share}
        </button>
      )}
      {problem ? (
        <span className="present-problem" role="alert" data-testid="present-problem" data-code={problem.code} title={t.errors[problem.code].hint}>
          {t.errors[problem.code].title}
        </span>
      ) : null}
    </div>
  );
}
