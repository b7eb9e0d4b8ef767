import type { StudyAssignmentWithAnswers } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { toFailure, type Failure } from '../shared/failure';
import type { ReplayApi } from './api';

interface Draft {
  prompt: string;
  /** one choice per line */
  choices: string;
  /** index of the right choice; null until picked (a new question, or its choices retyped) */
  correct: number | null;
}

const linesOf = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** An operator sets the recording's multiple-choice test and/or reflection topic; it opens on what was saved, answers included. */
export function AssignmentEditor({ api, recordingId, current }: { api: ReplayApi; recordingId: string; current: StudyAssignmentWithAnswers | null }) {
  const t = useT().replay.assign;
  const [questions, setQuestions] = useState<Draft[]>(() => current?.questions.map((q) => ({ prompt: q.prompt, choices: q.choices.join('\n'), correct: q.correct })) ?? []);
  const [passMark, setPassMark] = useState(current?.passMark ?? 70);
  const [reflectionPrompt, setReflectionPrompt] = useState(current?.reflectionPrompt ?? '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const update = (i: number, change: Partial<Draft>) => {
    setSaved(false);
    setQuestions(questions.map((q, qi) => (qi === i ? { ...q, ...change } : q)));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    api
      .call('recordings.setAssignment', {
        params: { id: recordingId },
        body: {
          questions: questions.map((q) => ({ prompt: q.prompt, choices: linesOf(q.choices), correct: q.correct ?? -1 })),
          passMark,
          reflectionPrompt: reflectionPrompt.trim() || null,
        },
      })
      .then(() => setSaved(true), (err: unknown) => setFailure(toFailure(err)));
  };
  return (
    <section className="replay-assignment" data-testid="assignment-editor">
      <h2>{t.heading}</h2>
      <p className="muted">{t.intro}</p>
      <form onSubmit={save} className="replay-form">
        {questions.map((q, i) => (
          <fieldset key={i} className="replay-question-edit">
            <legend>{t.question(i + 1)}</legend>
            <label>
              {t.prompt}
              <input value={q.prompt} onChange={(e) => update(i, { prompt: e.target.value })} required />
            </label>
            <label>
              {t.choices}
              <textarea rows={3} value={q.choices} onChange={(e) => update(i, { choices: e.target.value, correct: null })} required />
            </label>
            <label>
              {t.correct}
              <select value={q.correct ?? ''} data-testid={`question-${i + 1}-correct`} onChange={(e) => update(i, { correct: e.target.value === '' ? null : Number(e.target.value) })} required>
                <option value="">{t.pick}</option>
                {linesOf(q.choices).map((c, ci) => (
                  <option key={ci} value={ci}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="link-button" onClick={() => setQuestions(questions.filter((_q, qi) => qi !== i))}>
              {t.removeQuestion}
            </button>
          </fieldset>
        ))}
        <button type="button" className="button" onClick={() => setQuestions([...questions, { prompt: '', choices: '', correct: null }])}>
          {t.addQuestion}
        </button>
        <label>
          {t.passMark}
          <input type="number" min={0} max={100} value={passMark} onChange={(e) => setPassMark(Number(e.target.value))} />
        </label>
        <label>
          {t.reflectionPrompt}
          <textarea rows={3} value={reflectionPrompt} onChange={(e) => setReflectionPrompt(e.target.value)} />
        </label>
        <span>
          <button type="submit" className="button button-primary">
            {t.save}
          </button>
          {saved ? <span className="replay-ok"> {t.saved}</span> : null}
        </span>
      </form>
      {failure ? <FailureBox failure={failure} compact /> : null}
    </section>
  );
}
