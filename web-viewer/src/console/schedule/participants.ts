import type { Participants } from '@lienthong/contracts';
import type { RestClient } from '../shell/rest-client';

/** Participants as the form edits them: rules and sites with the names shown. */
export interface PickedParticipants {
  rules: { unit: { id: string; name: string; tierLevel: number }; downToTier: number | null }[];
  sites: { id: string; name: string; code: string }[];
}

export const noParticipants: PickedParticipants = { rules: [], sites: [] };

export function toWire(p: PickedParticipants): Participants {
  return { rules: p.rules.map((r) => ({ unitId: r.unit.id, downToTier: r.downToTier })), sites: p.sites.map((s) => s.id) };
}

/** A stored definition's rules and explicit sites, with their names fetched for the form. */
export async function pickedFrom(api: RestClient, rules: { unitId: string; downToTier: number | null }[], siteIds: string[]): Promise<PickedParticipants> {
  const [units, sites] = await Promise.all([
    Promise.all(rules.map((r) => api.call('units.get', { params: { id: r.unitId } }))),
    Promise.all(siteIds.map((id) => api.call('sites.get', { params: { id } }))),
  ]);
  return {
    rules: rules.map((r, i) => ({ unit: units[i]!, downToTier: r.downToTier })),
    sites: sites.map((s) => ({ id: s.id, name: s.name, code: s.code })),
  };
}
