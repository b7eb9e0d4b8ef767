import { defaultDevices, type DeviceChoice } from '../capture';

/**
 * What the device check remembers on this PC (a hall's PC serves one site): the chosen devices
 * and the last delegate count, offered again on the next join.
 */
export interface JoinPreferences {
  devices: DeviceChoice;
  delegates: number | null;
}

const KEY = 'lienthong.site.preferences';
const idOrNull = (value: unknown) => (typeof value === 'string' && value ? value : null);

export function loadPreferences(): JoinPreferences {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Record<string, unknown>> | null;
    const devices = (raw?.devices ?? {}) as Record<string, unknown>;
    const delegates = raw?.delegates;
    return {
      devices: {
        cameraId: idOrNull(devices.cameraId),
        microphoneId: idOrNull(devices.microphoneId),
        speakerId: idOrNull(devices.speakerId),
      },
      delegates: typeof delegates === 'number' && Number.isInteger(delegates) && delegates >= 0 ? delegates : null,
    };
  } catch {
    return { devices: defaultDevices, delegates: null };
  }
}

export function savePreferences(preferences: JoinPreferences): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(preferences));
  } catch {
    // Storage may be disabled on kiosk profiles: the defaults will do next time.
  }
}
