import type { RecordingStatus } from '@lienthong/contracts';

/** Texts of the replay library, its player and the study pages (one entry of Dictionary). */
export interface ReplayTexts {
  title: string;
  login: {
    title: string;
    intro: string;
    username: string;
    password: string;
    submit: string;
    wrong: string;
    logout: string;
    loggedInAs: (name: string) => string;
  };
  library: {
    heading: string;
    search: string;
    status: string;
    anyStatus: string;
    unit: string;
    anyUnit: string;
    from: string;
    to: string;
    apply: string;
    empty: string;
    loading: string;
    count: (shown: number, total: number) => string;
    more: string;
    watched: (percent: number) => string;
    /** Watched enough; the test is what is missing. */
    testPending: string;
    completed: string;
    secret: string;
    notPlayable: string;
  };
  status: Record<RecordingStatus, string>;
  player: {
    /** the recorded presentation, beside the speaker */
    slides: string;
    noSlidesNow: string;
    showSpeaker: string;
    showSlides: string;
    back: string;
    chapters: string;
    chapterKind: Record<'floor' | 'agenda' | 'start', string>;
    resumeFrom: (time: string) => string;
    progress: (percent: number, thresholdPercent: number) => string;
    completed: string;
    notCompleted: string;
    /** Watched enough; the test is still to be taken, or to be passed. */
    testMissing: string;
    testNotPassed: (passMark: number) => string;
    saved: string;
    saveFailed: string;
    quality: string;
    auto: string;
    rendition: Record<'source' | 'low' | 'audio', string>;
    hostedBy: (unit: string, date: string) => string;
    report: string;
    minutesPdf: string;
    minutesDocx: string;
  };
  test: {
    heading: string;
    passMark: (percent: number) => string;
    submit: string;
    result: (correct: number, total: number, score: number) => string;
    passed: string;
    failed: string;
    answerAll: string;
  };
  reflection: {
    heading: string;
    placeholder: string;
    submit: string;
    submitted: string;
    resubmit: string;
    marked: (mark: number) => string;
  };
  assign: {
    heading: string;
    intro: string;
    passMark: string;
    question: (n: number) => string;
    prompt: string;
    choices: string;
    correct: string;
    pick: string;
    addQuestion: string;
    removeQuestion: string;
    reflectionPrompt: string;
    save: string;
    saved: string;
  };
  report: {
    heading: string;
    byUnit: string;
    byMember: string;
    exportCsv: string;
    exportXlsx: string;
    reflections: string;
    noReflections: string;
    mark: string;
    saveMark: string;
    markedBy: (mark: number) => string;
  };
}
