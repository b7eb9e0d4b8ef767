import type { OpinionStatus } from '@lienthong/contracts';
import { useOpinionTexts } from './texts';

/** An opinion's status in words, coloured by what it means for the sender. */
export function OpinionStatusPill({ status }: { status: OpinionStatus }) {
  const t = useOpinionTexts();
  return (
    <span className={`opinion-status opinion-status-${status}`} data-testid="opinion-status">
      {t.status[status]}
    </span>
  );
}
