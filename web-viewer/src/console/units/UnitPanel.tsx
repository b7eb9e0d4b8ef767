import type { SiteRecord, UnitRecord } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useFieldErrors } from '../../shared/FieldError';
import { useConsole } from '../shell/console-session';
import { useSubmit } from '../shell/use-submit';
import { SiteForm } from './SiteForm';
import { SiteLinks } from './SiteLinks';
import type { Selection } from './UnitTree';

/** A selected unit: rename it, add a unit one tier below, add a site, see its sites. */
export function UnitPanel({
  unit,
  tiers,
  sites,
  onRenamed,
  onChanged,
  onSelect,
}: {
  unit: UnitRecord;
  tiers: { level: number; name: string }[];
  sites: SiteRecord[] | undefined;
  onRenamed(unit: UnitRecord): void;
  onChanged(): void;
  onSelect(selection: Selection): void;
}) {
  const t = useT().operator;
  const { api } = useConsole();
  const [name, setName] = useState(unit.name);
  const rename = useSubmit();
  const [childCode, setChildCode] = useState('');
  const [childName, setChildName] = useState('');
  const addChild = useSubmit();
  const renameFields = useFieldErrors(rename.failure, 'rename-unit');
  const childFields = useFieldErrors(addChild.failure, 'new-unit');
  const childTier = tiers.find((tier) => tier.level === unit.tierLevel + 1);

  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    void rename.run(async () => onRenamed(await api.call('units.update', { params: { id: unit.id }, body: { name } })));
  };
  const submitChild = (e: FormEvent) => {
    e.preventDefault();
    void addChild.run(async () => {
      await api.call('units.create', { body: { code: childCode, name: childName, parentId: unit.id } });
      setChildCode('');
      setChildName('');
      onChanged();
    });
  };

  return (
    <div className="unit-panel" data-testid="unit-panel">
      <h2>{unit.name}</h2>
      <p className="muted">
        {t.units.tier}: {unit.tierName} · {t.units.code}: <code>{unit.code}</code>
      </p>
      <form className="inline-form" onSubmit={submitRename}>
        <label className="field">
          <span className="field-label">{t.units.rename}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={300} {...renameFields.input('name')} />
          {renameFields.error('name')}
        </label>
        <button className="button" type="submit" disabled={rename.busy || name.trim() === unit.name}>
          {rename.busy ? t.common.saving : t.common.save}
        </button>
        {rename.done ? <span className="ok">{t.common.saved}</span> : null}
      </form>
      {rename.failure ? <FailureBox failure={rename.failure} compact /> : null}

      <h3>{childTier ? t.units.addChild(childTier.name) : t.units.noChildTier}</h3>
      {childTier ? (
        <form className="inline-form" onSubmit={submitChild}>
          <label className="field">
            <span className="field-label">{t.units.code}</span>
            <input value={childCode} onChange={(e) => setChildCode(e.target.value)} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" {...childFields.input('code')} />
            {childFields.error('code')}
          </label>
          <label className="field">
            <span className="field-label">{t.units.name}</span>
            <input value={childName} onChange={(e) => setChildName(e.target.value)} required {...childFields.input('name')} />
            {childFields.error('name')}
          </label>
          <button className="button" type="submit" disabled={addChild.busy}>
            {t.common.add}
          </button>
          {addChild.done ? <span className="ok">{t.units.created}</span> : null}
        </form>
      ) : null}
      {addChild.failure ? <FailureBox failure={addChild.failure} compact /> : null}

      <h3>{t.units.sitesOf}</h3>
      {sites === undefined ? null : sites.length ? (
        <ul className="plain-list">
          <SiteLinks sites={sites} onSelect={onSelect} />
        </ul>
      ) : (
        <p className="muted">{t.units.noSites}</p>
      )}
      <details className="subform">
        <summary>{t.sites.newSite}</summary>
        <SiteForm unitId={unit.id} onSaved={onChanged} />
      </details>
    </div>
  );
}
