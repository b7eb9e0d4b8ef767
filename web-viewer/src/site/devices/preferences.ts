import { defaultDevices, type DeviceChoice } from '../capture';
import { defaultSwitches, type ReceiveSwitches } from '../receive/receive-level';

/**
 * What the site page remembers on this PC (a hall's PC serves one site): the chosen devices, the
 * last delegate count and the weak-link switches (a site on a poor link sets "low bandwidth" once).
 */
export interface JoinPreferences {
  devices: DeviceChoice;
  delegates: number | null;
  switches: ReceiveSwitches;
}

const KEY = 'lienthong.site.preferences';
const idOrNull = (value: unknown) => (typeof value === 'string' && value ? value : null);
const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

export function loadPreferences(): JoinPreferences {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Record<string, unknown>> | null;
    const devices = (raw?.devices ?? {}) as Record<string, unknown>;
    const switches = (raw?.switches ?? {}) as Record<string, unknown>;
    const delegates = raw?.delegates;
    return {
      devices: {
        cameraId: idOrNull(devices.cameraId),
        microphoneId: idOrNull(devices.microphoneId),
        speakerId: idOrNull(devices.speakerId),
      },
      delegates: typeof delegates === 'number' && Number.isInteger(delegates) && delegates >= 0 ? delegates : null,
      switches: {
        audioOnly: flag(switches.audioOnly, defaultSwitches.audioOnly),
        lowBandwidth: flag(switches.lowBandwidth, defaultSwitches.lowBandwidth),
        automatic: flag(switches.automatic, defaultSwitches.automatic),
      },
    };
  } catch {
    return { devices: defaultDevices, delegates: null, switches: defaultSwitches };
  }
}

export function savePreferences(patch: Partial<JoinPreferences>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...loadPreferences(), ...patch }));
  } catch {
    // Storage may be disabled on kiosk profiles: the defaults will do next time.
  }
}
