import { useEffect, useRef, useState } from 'react';
import { captureConstraints, type DeviceChoice } from '../capture';
import { type DeviceLists, listDevices, noDevices } from './device-list';

export interface DevicePreview {
  /** The chosen camera and microphone, open; null while opening or when both failed. */
  stream: MediaStream | null;
  lists: DeviceLists;
  failed: boolean;
  /** Hands the open stream over (to the session that sends it); the hook will not stop it. */
  take(): MediaStream | null;
}

/**
 * Opens the chosen camera and microphone for the device check, again whenever the choice changes,
 * and lists the devices (with their names, once the browser allows them). Each half is opened
 * alone if both together fail, so a PC without a camera still tests its microphone.
 */
export function useDevicePreview(choice: DeviceChoice): DevicePreview {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [lists, setLists] = useState<DeviceLists>(noDevices);
  const [failed, setFailed] = useState(false);
  const taken = useRef<MediaStream | null>(null);

  // Only the capture devices reopen the preview; the speaker choice does not touch capture.
  const { cameraId, microphoneId } = choice;
  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    const open = async () => {
      const { audio, video } = captureConstraints({ cameraId, microphoneId, speakerId: null });
      const media = navigator.mediaDevices;
      if (!media?.getUserMedia) return null;
      try {
        return await media.getUserMedia({ audio, video });
      } catch {
        const parts = await Promise.allSettled([media.getUserMedia({ audio }), media.getUserMedia({ video })]);
        const tracks = parts.flatMap((p) => (p.status === 'fulfilled' ? p.value.getTracks() : []));
        return tracks.length ? new MediaStream(tracks) : null;
      }
    };
    void open().then(async (result) => {
      opened = result;
      if (cancelled) return stop(result);
      setStream(result);
      setFailed(result === null);
      const found = await listDevices().catch(() => noDevices);
      if (!cancelled) setLists(found);
    });
    return () => {
      cancelled = true;
      if (opened !== taken.current) stop(opened);
    };
  }, [cameraId, microphoneId]);

  return {
    stream,
    lists,
    failed,
    take: () => {
      taken.current = stream;
      return stream;
    },
  };
}

function stop(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
