/**
 * The microphone level on the device check: a WebAudio AnalyserNode on the preview stream,
 * read about 15 times a second as a 0..1 loudness (RMS, scaled so speech fills most of the bar).
 */
export class LevelMeter {
  private readonly context: AudioContext;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(stream: MediaStream, onLevel: (level: number) => void) {
    this.context = new AudioContext();
    const analyser = this.context.createAnalyser();
    analyser.fftSize = 1024;
    this.context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      onLevel(loudness(samples));
    }, 66);
    // A context made before any click may start suspended; the device check's clicks resume it.
    void this.context.resume().catch(() => undefined);
  }

  resume(): void {
    void this.context.resume().catch(() => undefined);
  }

  close(): void {
    clearInterval(this.timer);
    void this.context.close().catch(() => undefined);
  }
}

/** RMS of one block of samples, on a 0..1 scale where normal speech reads about 0.3-0.8. */
export function loudness(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i += 1) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return Math.min(1, rms * 4);
}
