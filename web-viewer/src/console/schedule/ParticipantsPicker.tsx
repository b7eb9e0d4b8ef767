import { useT } from '../../i18n/language';
import type { PickedParticipants } from './participants';
import { SitePicker, UnitPicker } from './pickers';

/**
 * Who takes part: branches of the unit tree ("every site under X down to tier Y") and sites
 * picked by hand. The server resolves them into one site list when the conference is saved.
 */
export function ParticipantsPicker({
  value,
  tiers,
  onChange,
}: {
  value: PickedParticipants;
  tiers: { level: number; name: string }[];
  onChange(value: PickedParticipants): void;
}) {
  const t = useT().operator.schedule;
  const tierName = (level: number | null) => (level === null ? null : (tiers.find((x) => x.level === level)?.name ?? String(level)));
  return (
    <fieldset className="participants">
      <legend>{t.participants}</legend>
      <h4>{t.rules}</h4>
      <p className="muted">{t.rulesHint}</p>
      <ul className="plain-list" data-testid="rules">
        {value.rules.map((rule, i) => (
          <li key={rule.unit.id + i} className="rule-row">
            <span>{rule.unit.name}</span>
            <label>
              {t.downToTier}{' '}
              <select
                aria-label={`${t.downToTier}: ${rule.unit.name}`}
                data-testid="rule-tier"
                value={rule.downToTier ?? ''}
                onChange={(e) => {
                  const rules = [...value.rules];
                  rules[i] = { ...rule, downToTier: e.target.value === '' ? null : Number(e.target.value) };
                  onChange({ ...value, rules });
                }}
              >
                <option value="">{t.allTiers}</option>
                {tiers
                  .filter((x) => x.level >= rule.unit.tierLevel)
                  .map((x) => (
                    <option key={x.level} value={x.level}>
                      {x.name}
                    </option>
                  ))}
              </select>
            </label>
            <span className="muted">{t.ruleText(rule.unit.name, tierName(rule.downToTier))}</span>
            <button type="button" className="link-button" onClick={() => onChange({ ...value, rules: value.rules.filter((_, j) => j !== i) })}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <UnitPicker testId="rule-unit-picker" onPick={(unit) => onChange({ ...value, rules: [...value.rules, { unit, downToTier: null }] })} />

      <h4>{t.explicitSites}</h4>
      <ul className="plain-list" data-testid="explicit-sites">
        {value.sites.map((site) => (
          <li key={site.id}>
            {site.name} <code className="muted">{site.code}</code>{' '}
            <button type="button" className="link-button" onClick={() => onChange({ ...value, sites: value.sites.filter((s) => s.id !== site.id) })}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <SitePicker
        testId="explicit-site-picker"
        onPick={(site) => !value.sites.some((s) => s.id === site.id) && onChange({ ...value, sites: [...value.sites, { id: site.id, name: site.name, code: site.code }] })}
      />
    </fieldset>
  );
}
