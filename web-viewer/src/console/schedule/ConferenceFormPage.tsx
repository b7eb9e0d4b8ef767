import type { ConferenceRecord, UnitRecord } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { navigate } from '../shell/console-route';
import { useConsole } from '../shell/console-session';
import { useLoad } from '../shell/use-load';
import { useScopeRoot } from '../shell/use-scope-root';
import { useSubmit } from '../shell/use-submit';
import { fromLocalInput, toLocalInput } from './datetime';
import { HallSelect } from './HallSelect';
import { noParticipants, type PickedParticipants, pickedFrom, toWire } from './participants';
import { ParticipantsPicker } from './ParticipantsPicker';
import { UnitPicker } from './pickers';
import { ScheduleFailure } from './ScheduleFailure';

/** `/console/conferences/new` and `/console/conferences/:id/edit`. */
export function ConferenceFormPage({ id }: { id?: string }) {
  const t = useT().operator;
  const { api } = useConsole();
  const existing = useLoad(`definition:${id ?? 'new'}`, async (signal) => {
    if (!id) return null;
    const definition = await api.call('conferences.definition', { params: { id }, signal });
    const [host, picked] = await Promise.all([
      api.call('units.get', { params: { id: definition.hostUnitId }, signal }),
      pickedFrom(api, definition.rules, definition.explicitSiteIds),
    ]);
    return { definition, host, picked };
  });
  const ownUnit = useScopeRoot();
  const tiers = useLoad('tiers', (signal) => api.call('tiers.list', { signal }));

  if (id && !existing.data) return existing.failure ? <FailureBox failure={existing.failure} /> : <p className="muted">{t.common.loading}</p>;
  if (!id && ownUnit.loading) return <p className="muted">{t.common.loading}</p>;
  return (
    <ConferenceForm
      key={id ?? 'new'}
      definition={existing.data?.definition ?? null}
      initialHost={existing.data?.host ?? ownUnit.data ?? null}
      initialParticipants={existing.data?.picked ?? noParticipants}
      tiers={tiers.data?.items ?? []}
    />
  );
}

function ConferenceForm({
  definition,
  initialHost,
  initialParticipants,
  tiers,
}: {
  definition: ConferenceRecord | null;
  initialHost: UnitRecord | null;
  initialParticipants: PickedParticipants;
  tiers: { level: number; name: string }[];
}) {
  const t = useT().operator;
  const { api } = useConsole();
  const [title, setTitle] = useState(definition?.title ?? '');
  const [host, setHost] = useState<UnitRecord | null>(initialHost);
  const [originSiteId, setOriginSiteId] = useState(definition?.originSiteId ?? '');
  const [start, setStart] = useState(definition ? toLocalInput(definition.scheduledStart) : '');
  const [end, setEnd] = useState(definition ? toLocalInput(definition.scheduledEnd) : '');
  const [agenda, setAgenda] = useState(definition?.agenda ?? '');
  const [recording, setRecording] = useState(definition?.recordingEnabled ?? false);
  const [participants, setParticipants] = useState(initialParticipants);
  const submit = useSubmit();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!host) return;
    const fields = {
      title,
      originSiteId,
      scheduledStart: fromLocalInput(start),
      scheduledEnd: fromLocalInput(end),
      agenda: agenda.trim() || null,
      recordingEnabled: recording,
      participants: toWire(participants),
    };
    void submit.run(async () => {
      const saved = definition
        ? await api.call('conferences.update', { params: { id: definition.id }, body: fields })
        : await api.call('conferences.create', { body: { ...fields, hostUnitId: host.id } });
      navigate(`/console/conferences/${saved.id}`);
    });
  };

  return (
    <form className="console-section conference-form" onSubmit={onSubmit} data-testid="conference-form">
      <h1>{definition ? t.schedule.editConference : t.schedule.newConference}</h1>
      <label className="field">
        <span className="field-label">{t.schedule.title}</span>
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
      </label>
      <div className="field">
        <span className="field-label">{t.schedule.hostUnit}</span>
        <strong data-testid="host-unit">{host?.name ?? '—'}</strong>
        {!definition ? <UnitPicker onPick={setHost} testId="host-picker" /> : null}
      </div>
      <HallSelect hostId={host?.id ?? null} value={originSiteId} onChange={setOriginSiteId} />
      <div className="field-row">
        <label className="field">
          <span className="field-label">{t.schedule.start}</span>
          <input name="start" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
        </label>
        <label className="field">
          <span className="field-label">{t.schedule.end}</span>
          <input name="end" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required min={start} />
        </label>
      </div>
      <label className="field">
        <span className="field-label">{t.schedule.agenda}</span>
        <textarea name="agenda" rows={5} value={agenda} onChange={(e) => setAgenda(e.target.value)} placeholder={t.schedule.agendaHint} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={recording} onChange={(e) => setRecording(e.target.checked)} /> {t.schedule.recording}
      </label>
      <ParticipantsPicker value={participants} tiers={tiers} onChange={setParticipants} />
      {submit.failure ? <ScheduleFailure failure={submit.failure} /> : null}
      <div className="form-actions">
        <button className="button button-primary" type="submit" disabled={submit.busy || !host || !originSiteId} data-testid="submit-conference">
          {submit.busy ? t.common.saving : definition ? t.schedule.submitSave : t.schedule.submitCreate}
        </button>
        <button type="button" className="button" onClick={() => history.back()}>
          {t.common.back}
        </button>
      </div>
    </form>
  );
}
