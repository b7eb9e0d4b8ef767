import type { RecordingDetail } from '@lienthong/contracts';
import { useRef } from 'react';
import { useLanguage } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { useFormat } from '../shared/clock';
import type { ReplayApi } from './api';
import { formatMediaTime, percentOf } from './format-media';
import { MinutesLinks } from './MinutesLinks';
import { libraryPath, reportPath } from './replay-route';
import { ReplayScreens } from './ReplayScreens';
import { ReflectionForm, TestForm } from './StudyForms';
import { useHls } from './use-hls';
import { useLoad } from '../shared/use-load';
import { useStudyReporting } from './use-study-reporting';

/** `/replay/<id>`: one recording, its chapters, the member's progress, test and reflection. */
export function PlayerPage({ api, id, canReadMinutes, canEvaluate }: { api: ReplayApi; id: string; canReadMinutes: boolean; canEvaluate: boolean }) {
  const t = useLanguage().t.replay;
  const detail = useLoad(id, (signal) => api.call('recordings.get', { params: { id }, signal }), api.loadOptions);
  return (
    <section className="replay-player-page">
      <a href={libraryPath} className="replay-back">
        {t.player.back}
      </a>
      {detail.failure ? <FailureBox failure={detail.failure} /> : null}
      {detail.data ? <Player api={api} recording={detail.data} onStudyChanged={detail.reload} canReadMinutes={canReadMinutes} canEvaluate={canEvaluate} /> : null}
    </section>
  );
}

function Player({
  api,
  recording: r,
  onStudyChanged,
  canReadMinutes,
  canEvaluate,
}: {
  api: ReplayApi;
  recording: RecordingDetail;
  onStudyChanged(): void;
  canReadMinutes: boolean;
  canEvaluate: boolean;
}) {
  const { t } = useLanguage();
  const clock = useFormat();
  const video = useRef<HTMLVideoElement>(null);
  const duration = r.durationSec ?? 0;
  // Resume where the member left off, unless that was the very end.
  const resumeAt = r.myStudy.positionSec < duration - 5 ? r.myStudy.positionSec : 0;
  // A lapsed or revoked media URL is signed again by the API (a refusal says why).
  const renewMedia = async () => {
    const media = (await api.call('recordings.get', { params: { id: r.id } })).media;
    if (!media) throw new Error(t.replay.library.notPlayable);
    return media.master;
  };
  const hls = useHls(video, r.media?.master ?? null, resumeAt, renewMedia);
  const reporting = useStudyReporting(api, r.id, video, r.myStudy);
  const study = reporting.study;
  const seek = (sec: number) => {
    const v = video.current;
    if (!v) return;
    v.currentTime = sec;
    void v.play().catch(() => undefined);
  };

  return (
    <>
      <h1 className="replay-title">{r.title}</h1>
      <p className="muted">{t.replay.player.hostedBy(r.hostUnitName, r.startedAt ? clock.dateTime(r.startedAt) : '')}</p>
      <div className="replay-player">
        <div className="replay-video-wrap">
          {r.media ? (
            <ReplayScreens video={video} poster={r.media.poster} presentation={r.media.presentation} />
          ) : (
            <p className="replay-not-playable">{t.replay.library.notPlayable}</p>
          )}
          {hls.fatal ? <p className="replay-error">{hls.fatal}</p> : null}
          <div className="replay-under-video">
            {resumeAt > 0 ? <span className="muted">{t.replay.player.resumeFrom(formatMediaTime(resumeAt))}</span> : <span />}
            {hls.levels.length > 1 ? (
              <label className="replay-quality">
                {t.replay.player.quality}
                <select value={hls.level} onChange={(e) => hls.setLevel(Number(e.target.value))} data-testid="replay-quality">
                  <option value={-1}>{t.replay.player.auto}</option>
                  {hls.levels.map((l) => (
                    <option key={l.index} value={l.index}>
                      {l.height}p · {Math.round(l.bitrate / 1000)} kbps
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </div>
        </div>
        <aside className="replay-side">
          <div
            className={study.completed ? 'replay-study replay-study-done' : 'replay-study'}
            data-testid="study-progress"
            data-share={study.share}
            data-sent={reporting.sent}
          >
            <strong>{study.completed ? t.replay.player.completed : t.replay.player.notCompleted}</strong>
            <span className="replay-progress">
              <span className="replay-progress-bar" style={{ width: `${percentOf(study.share)}%` }} />
            </span>
            <span>{t.replay.player.progress(percentOf(study.share), percentOf(r.completionThreshold))}</span>
            {/* Watched enough but not completed: the test is what is missing, and the page says so. */}
            {!study.completed && study.share >= r.completionThreshold && (r.assignment?.questions.length ?? 0) > 0 && study.testPassed !== true ? (
              <span className="replay-missing" data-testid="study-missing">
                {study.testPassed === false ? t.replay.player.testNotPassed(r.assignment?.passMark ?? 0) : t.replay.player.testMissing}
              </span>
            ) : null}
            {reporting.lastFailed ? <span className="replay-error">{t.replay.player.saveFailed}</span> : null}
          </div>
          {r.chapters.length ? (
            <nav className="replay-chapters" aria-label={t.replay.player.chapters}>
              <h2>{t.replay.player.chapters}</h2>
              <ol>
                {r.chapters.map((c, i) => (
                  <li key={i}>
                    <button type="button" className="link-button replay-chapter" onClick={() => seek(c.startSec)} data-chapter={c.startSec}>
                      <span className="replay-chapter-time">{formatMediaTime(c.startSec)}</span>
                      <span>
                        {c.title}
                        <span className="replay-chapter-kind">{t.replay.player.chapterKind[c.kind]}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          {/* A member would only meet a refusal there. */}
          {canEvaluate ? (
            <a className="link-button replay-report-link" href={reportPath(r.id)} data-testid="report-link">
              {t.replay.player.report}
            </a>
          ) : null}
          {canReadMinutes ? <MinutesLinks api={api} conferenceId={r.conferenceId} /> : null}
        </aside>
      </div>
      {r.assignment?.questions.length ? <TestForm api={api} recordingId={r.id} assignment={r.assignment} study={study} onDone={onStudyChanged} /> : null}
      {r.assignment?.reflectionPrompt ? <ReflectionForm api={api} recordingId={r.id} prompt={r.assignment.reflectionPrompt} study={study} /> : null}
    </>
  );
}
