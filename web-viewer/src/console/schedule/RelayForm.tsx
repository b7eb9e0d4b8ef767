import type { UnitRecord } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { navigate } from '../shell/console-route';
import { useConsole } from '../shell/console-session';
import { useScopeRoot } from '../shell/use-scope-root';
import { useSubmit } from '../shell/use-submit';
import { HallSelect } from './HallSelect';
import { ParticipantsPicker } from './ParticipantsPicker';
import { UnitPicker } from './pickers';
import { ScheduleFailure } from './ScheduleFailure';
import { noParticipants, toWire } from './participants';

/** "Tiếp sóng": a lower unit passes a parent conference on to its own sites, from its own hall. */
export function RelayForm({ parentId, tiers }: { parentId: string; tiers: { level: number; name: string }[] }) {
  const t = useT().operator;
  const { api } = useConsole();
  const own = useScopeRoot();
  const [picked, setPicked] = useState<UnitRecord | null>(null);
  const host = picked ?? own.data;
  const [origin, setOrigin] = useState('');
  const [participants, setParticipants] = useState(noParticipants);
  const submit = useSubmit();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!host || !origin) return;
    void submit.run(async () => {
      const relay = await api.call('conferences.relay', {
        params: { id: parentId },
        body: { hostUnitId: host.id, originSiteId: origin, participants: toWire(participants) },
      });
      navigate(`/console/conferences/${relay.id}`);
    });
  };

  return (
    <details className="console-section subform" data-testid="relay">
      <summary>{t.conference.relayTitle}</summary>
      <p className="muted">{t.conference.relayHint}</p>
      <form className="stack-form" onSubmit={onSubmit}>
        <div className="field">
          <span className="field-label">{t.schedule.hostUnit}</span>
          <strong>{host?.name ?? '—'}</strong>
          <UnitPicker onPick={setPicked} />
        </div>
        <HallSelect hostId={host?.id ?? null} value={origin} onChange={setOrigin} />
        <ParticipantsPicker value={participants} tiers={tiers} onChange={setParticipants} />
        {submit.failure ? <ScheduleFailure failure={submit.failure} /> : null}
        <button className="button button-primary" type="submit" disabled={submit.busy || !host || !origin}>
          {t.conference.relaySubmit}
        </button>
      </form>
    </details>
  );
}
