import type { ConferenceRecord, UnitRecord } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { Failure } from '../../shared/failure';
import { FailureBox } from '../../shared/FailureBox';
import { fieldIssue } from '../../shared/field-errors';
import { useFieldErrors } from '../../shared/FieldError';
import { navigate } from '../shell/console-route';
import { useConsole } from '../shell/console-session';
import { useLoad } from '../../shared/use-load';
import { useScopeRoot } from '../shell/use-scope-root';
import { useSubmit } from '../shell/use-submit';
import { useFormat } from '../../shared/clock';
import { fromZonedInput, toZonedInput } from '../../shared/zoned-input';
import { WallTimeEcho } from './WallTimeEcho';
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
  // The form speaks the deployment's wall time (where the hall is), whatever the PC's zone.
  const clock = useFormat();
  const [title, setTitle] = useState(definition?.title ?? '');
  const [host, setHost] = useState<UnitRecord | null>(initialHost);
  const [originSiteId, setOriginSiteId] = useState(definition?.originSiteId ?? '');
  const [start, setStart] = useState(definition ? toZonedInput(definition.scheduledStart, clock.timeZone) : '');
  const [end, setEnd] = useState(definition ? toZonedInput(definition.scheduledEnd, clock.timeZone) : '');
  const [agenda, setAgenda] = useState(definition?.agenda ?? '');
  const [recording, setRecording] = useState(definition?.recordingEnabled ?? false);
  const [participants, setParticipants] = useState(initialParticipants);
  const submit = useSubmit();
  const fields = useFieldErrors(submit.failure, 'conference');

  // The browser's own bubble for `min` is easy to miss and says nothing in the page's words.
  const checkTimes = () =>
    start && end && end <= start
      ? new Failure('BAD_REQUEST', 'end before start', [fieldIssue('scheduledEnd', 'must be after scheduledStart')])
      : null;

  const save = () => {
    if (!host) return;
    const body = {
      title,
      originSiteId,
      scheduledStart: fromZonedInput(start, clock.timeZone),
      scheduledEnd: fromZonedInput(end, clock.timeZone),
      agenda: agenda.trim() || null,
      recordingEnabled: recording,
      participants: toWire(participants),
    };
    void submit.run(async () => {
      const saved = definition
        ? await api.call('conferences.update', { params: { id: definition.id }, body })
        : await api.call('conferences.create', { body: { ...body, hostUnitId: host.id } });
      navigate(`/console/conferences/${saved.id}`);
    }, checkTimes);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save();
  };

  return (
    <form className="console-section conference-form" onSubmit={onSubmit} data-testid="conference-form">
      <h1>{definition ? t.schedule.editConference : t.schedule.newConference}</h1>
      <label className="field">
        <span className="field-label">{t.schedule.title}</span>
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} {...fields.input('title')} />
        {fields.error('title')}
      </label>
      <div className="field">
        <span className="field-label">{t.schedule.hostUnit}</span>
        <strong data-testid="host-unit">{host?.name ?? '—'}</strong>
        {!definition ? <UnitPicker onPick={setHost} testId="host-picker" /> : null}
      </div>
      <HallSelect hostId={host?.id ?? null} value={originSiteId} onChange={setOriginSiteId} />
      {fields.error('originSiteId')}
      <div className="field-row">
        <label className="field">
          <span className="field-label">
            {t.schedule.start} <span className="muted">({clock.zone()})</span>
          </span>
          <input name="start" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required {...fields.input('scheduledStart')} />
          <WallTimeEcho value={start} testId="start-echo" />
          {fields.error('scheduledStart')}
        </label>
        <label className="field">
          <span className="field-label">
            {t.schedule.end} <span className="muted">({clock.zone()})</span>
          </span>
          <input name="end" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required {...fields.input('scheduledEnd')} />
          <WallTimeEcho value={end} testId="end-echo" />
          {fields.error('scheduledEnd')}
        </label>
      </div>
      <label className="field">
        <span className="field-label">{t.schedule.agenda}</span>
        <textarea name="agenda" rows={5} value={agenda} onChange={(e) => setAgenda(e.target.value)} placeholder={t.schedule.agendaHint} {...fields.input('agenda')} />
        {fields.error('agenda')}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={recording} onChange={(e) => setRecording(e.target.checked)} /> {t.schedule.recording}
      </label>
      <ParticipantsPicker value={participants} tiers={tiers} onChange={setParticipants} />
      {fields.error('participants')}
      {submit.failure ? <ScheduleFailure failure={submit.failure} onRetry={save} /> : null}
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
