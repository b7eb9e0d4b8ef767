import type { ConferenceRecord } from '@lienthong/contracts';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { useSubmit } from '../shell/use-submit';

/** Ends a running conference now, after a confirmation: every site is told and let go. */
export function EndConferenceButton({
  conferenceId,
  onEnded,
  label,
}: {
  conferenceId: string;
  onEnded?: (record: ConferenceRecord) => void;
  /** The button's words where "end the conference" alone would not say which one. */
  label?: string;
}) {
  const o = useLanguage().t.operator.stage;
  const { api } = useConsole();
  const submit = useSubmit();
  const end = () => {
    if (!confirm(o.confirmEnd)) return;
    void submit.run(async () => {
      const record = await api.call('conferences.end', { params: { id: conferenceId } });
      onEnded?.(record);
    });
  };
  return (
    <span className="end-conference">
      <button type="button" className="button button-danger" disabled={submit.busy} data-testid="end-conference" onClick={end}>
        {label ?? o.end}
      </button>
      {submit.failure ? <FailureBox failure={submit.failure} compact /> : null}
    </span>
  );
}
