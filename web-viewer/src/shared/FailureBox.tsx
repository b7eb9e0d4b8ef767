import { useT } from '../i18n/language';
import type { Failure } from './failure';

/** A failure explained in the current language, with the code and detail for technicians. */
export function FailureBox({ failure, compact = false }: { failure: Failure; compact?: boolean }) {
  const t = useT();
  const text = t.errors[failure.code];
  return (
    <div className={compact ? 'failure failure-compact' : 'failure'} role="alert" data-code={failure.code}>
      <div className="failure-title">{text.title}</div>
      <div className="failure-hint">{text.hint}</div>
      <details className="failure-detail">
        <summary>{t.technicalDetail}</summary>
        <code>{failure.code}</code>
        {failure.message && failure.message !== failure.code ? <span>: {failure.message}</span> : null}
        {failure.issues?.length ? (
          <ul>
            {failure.issues.map((issue, i) => (
              <li key={i}>
                <code>{issue.path.join('.') || '(root)'}</code>: {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
      </details>
    </div>
  );
}
