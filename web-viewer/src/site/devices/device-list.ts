/** The camera, microphone and speaker lists of the device check. */
export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export const noDevices: DeviceLists = { cameras: [], microphones: [], speakers: [] };

/** Labels are empty until the page may use a camera or microphone: list again after opening one. */
export async function listDevices(): Promise<DeviceLists> {
  if (!navigator.mediaDevices?.enumerateDevices) return noDevices;
  const all = await navigator.mediaDevices.enumerateDevices();
  const of = (kind: MediaDeviceKind) => all.filter((d) => d.kind === kind && d.deviceId !== '');
  return { cameras: of('videoinput'), microphones: of('audioinput'), speakers: of('audiooutput') };
}

type SinkElement = HTMLMediaElement & { setSinkId?(sinkId: string): Promise<void> };

/** Whether this browser can send a page's sound to a chosen speaker (Chromium, Firefox 116+; not Safari). */
export const canChooseSpeaker = (): boolean =>
  typeof (HTMLMediaElement.prototype as SinkElement).setSinkId === 'function';

/** Sends an element's sound to a speaker (null: the system default); silently ignored where unsupported. */
export async function routeToSpeaker(element: HTMLMediaElement, speakerId: string | null): Promise<void> {
  const sink = element as SinkElement;
  if (!sink.setSinkId) return;
  try {
    await sink.setSinkId(speakerId ?? '');
  } catch (err) {
    console.warn('lienthong: cannot switch speaker', err);
  }
}
