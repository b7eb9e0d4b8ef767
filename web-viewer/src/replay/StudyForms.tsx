import type { MyStudy, StudyAssignment } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { toFailure, type Failure } from '../shared/failure';
import type { ReplayApi } from './api';

/** The multiple-choice test, graded by the server at once. */
export function TestForm({ api, recordingId, assignment, study, onDone }: { api: ReplayApi; recordingId: string; assignment: StudyAssignment; study: MyStudy; onDone(): void }) {
  const t = useT().replay.test;
  const [answers, setAnswers] = useState<(number | undefined)[]>(() => assignment.questions.map(() => undefined));
  const [result, setResult] = useState<{ correct: number; total: number; score: number; passed: boolean } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [hint, setHint] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (answers.some((a) => a === undefined)) return setHint(true);
    setHint(false);
    api.call('recordings.submitTest', { params: { id: recordingId }, body: { answers: answers as number[] } }).then(
      (r) => {
        setResult(r);
        onDone();
      },
      (err: unknown) => setFailure(toFailure(err)),
    );
  };
  return (
    <section className="replay-assignment" data-testid="study-test">
      <h2>{t.heading}</h2>
      <p className="muted">{t.passMark(assignment.passMark)}</p>
      {study.testPassed ? <p className="replay-badge replay-badge-done">{t.passed}</p> : null}
      <form onSubmit={submit}>
        <ol className="replay-questions">
          {assignment.questions.map((q, qi) => (
            <li key={qi}>
              <fieldset>
                <legend>{q.prompt}</legend>
                {q.choices.map((choice, ci) => (
                  <label key={ci} className="replay-choice">
                    <input type="radio" name={`q${qi}`} checked={answers[qi] === ci} onChange={() => setAnswers(answers.map((a, i) => (i === qi ? ci : a)))} />
                    {choice}
                  </label>
                ))}
              </fieldset>
            </li>
          ))}
        </ol>
        <button type="submit" className="button button-primary">
          {t.submit}
        </button>
      </form>
      {hint ? <p className="replay-error">{t.answerAll}</p> : null}
      {result ? (
        <p className={result.passed ? 'replay-ok' : 'replay-error'} role="status">
          {t.result(result.correct, result.total, result.score)} · {result.passed ? t.passed : t.failed}
        </p>
      ) : null}
      {failure ? <FailureBox failure={failure} compact /> : null}
    </section>
  );
}

/** The written reflection ("bài thu hoạch"), marked later by the member's unit operator. */
export function ReflectionForm({ api, recordingId, prompt, study }: { api: ReplayApi; recordingId: string; prompt: string; study: MyStudy }) {
  const t = useT().replay.reflection;
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState(study.reflectionSubmitted);
  const [failure, setFailure] = useState<Failure | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api.call('recordings.submitReflection', { params: { id: recordingId }, body: { text } }).then(
      () => setSubmitted(true),
      (err: unknown) => setFailure(toFailure(err)),
    );
  };
  return (
    <section className="replay-assignment" data-testid="study-reflection">
      <h2>{t.heading}</h2>
      <p>{prompt}</p>
      {study.reflectionMark !== null ? (
        <p className="replay-ok">{t.marked(study.reflectionMark)}</p>
      ) : (
        <form onSubmit={submit}>
          <textarea rows={6} value={text} placeholder={t.placeholder} onChange={(e) => setText(e.target.value)} minLength={20} required />
          <button type="submit" className="button button-primary">
            {t.submit}
          </button>
          {submitted ? <span className="muted"> {t.submitted}</span> : null}
        </form>
      )}
      {failure ? <FailureBox failure={failure} compact /> : null}
    </section>
  );
}
