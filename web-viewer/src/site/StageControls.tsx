import { useT } from '../i18n/language';
import type { SiteSnapshot } from './site-session';

/**
 * The site's part in the conference: ask to speak (or withdraw), and what the operator decided:
 * on the floor, muted. The hall runs the conference and asks nobody.
 */
export function StageControls({ snapshot, onRaiseHand }: { snapshot: SiteSnapshot; onRaiseHand(raised: boolean): void }) {
  const t = useT();
  const stage = snapshot.stage;
  if (!stage || snapshot.role === 'hall') return null;
  return (
    <div className="stage-controls" role="group" aria-label={t.site.stage.raiseHand}>
      {stage.onFloor ? (
        <span className="stage-badge stage-floor" data-testid="on-floor">{t.site.stage.onFloor}</span>
      ) : (
        <button
          type="button"
          className={stage.handRaised ? 'button hand-button hand-raised' : 'button hand-button'}
          aria-pressed={stage.handRaised}
          data-testid="raise-hand"
          disabled={snapshot.sendProblem !== null}
          title={snapshot.sendProblem ? t.site.stage.cannotSend : undefined}
          onClick={() => onRaiseHand(!stage.handRaised)}
        >
          {stage.handRaised ? t.site.stage.lowerHand : t.site.stage.raiseHand}
        </button>
      )}
      {stage.muted ? <span className="stage-badge stage-muted" data-testid="muted">{t.site.stage.muted}</span> : null}
      <span className="stage-status" aria-live="polite">
        {stage.handRaised && !stage.onFloor ? t.site.stage.handRaised : ''}
      </span>
    </div>
  );
}
