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

/**
 * The written reflection ("bài thu hoạch"), marked later by the member's unit operator. What the
 * member handed in is shown back to them; until it is marked they may hand in a better one.
 */
export function ReflectionForm({ api, recordingId, prompt, study }: { api: ReplayApi; recordingId: string; prompt: string; study: MyStudy }) {
  const t = useT().replay.reflection;
  const [handedIn, setHandedIn] = useState(study.reflection);
  const [text, setText] = useState(study.reflection ?? '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    api.call('recordings.submitReflection', { params: { id: recordingId }, body: { text } }).then(
      (record) => setHandedIn(record.text),
      (err: unknown) => setFailure(toFailure(err)),
    );
  };
  return (
    <section className="replay-assignment" data-testid="study-reflection">
      <h2>{t.heading}</h2>
      <p>{prompt}</p>
      {handedIn !== null ? (
        <div className="replay-handed-in" data-testid="reflection-handed-in">
          <strong>{study.reflectionMark !== null ? t.marked(study.reflectionMark) : t.submitted}</strong>
          <blockquote>{handedIn}</blockquote>
        </div>
      ) : null}
      {study.reflectionMark === null ? (
        <form onSubmit={submit}>
          <textarea rows={6} value={text} aria-label={t.heading} placeholder={t.placeholder} onChange={(e) => setText(e.target.value)} minLength={20} required />
          <button type="submit" className="button button-primary">
            {handedIn !== null ? t.resubmit : t.submit}
          </button>
        </form>
      ) : null}
      {failure ? <FailureBox failure={failure} compact /> : null}
    </section>
  );
}
