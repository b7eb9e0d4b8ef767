import { type LinkProfile, linkProfileSchema, type SiteRecord } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useFieldErrors } from '../../shared/FieldError';
import { useConsole } from '../shell/console-session';
import { useSubmit } from '../shell/use-submit';

/** Creates a site in `unitId`, or edits `site` (its code stays: it is the site's identity in imports). */
export function SiteForm({ site, unitId, onSaved }: { site?: SiteRecord; unitId?: string; onSaved(site: SiteRecord): void }) {
  const t = useT().operator;
  const { api } = useConsole();
  const [code, setCode] = useState(site?.code ?? '');
  const [name, setName] = useState(site?.name ?? '');
  const [address, setAddress] = useState(site?.address ?? '');
  const [capacity, setCapacity] = useState(String(site?.delegateCapacity ?? 50));
  const [link, setLink] = useState<LinkProfile>(site?.linkProfile ?? 'fibre');
  const [contact, setContact] = useState(site?.contact ?? '');
  const submit = useSubmit();
  const fields = useFieldErrors(submit.failure, site ? `site-${site.id}` : 'new-site');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const fields = {
      name,
      address: address.trim() || null,
      delegateCapacity: Number(capacity),
      linkProfile: link,
      contact: contact.trim() || null,
    };
    void submit.run(async () => {
      const saved = site
        ? await api.call('sites.update', { params: { id: site.id }, body: fields })
        : await api.call('sites.create', { body: { ...fields, code, unitId: unitId! } });
      if (!site) {
        setCode('');
        setName('');
      }
      onSaved(saved);
    });
  };

  return (
    <form className="stack-form" onSubmit={onSubmit} data-testid="site-form">
      {site ? <h2>{t.sites.editSite}</h2> : null}
      <label className="field">
        <span className="field-label">{t.sites.code}</span>
        <input value={code} onChange={(e) => setCode(e.target.value)} required disabled={!!site} {...fields.input('code')} />
        {fields.error('code')}
      </label>
      <label className="field">
        <span className="field-label">{t.sites.name}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required {...fields.input('name')} />
        {fields.error('name')}
      </label>
      <label className="field">
        <span className="field-label">{t.sites.address}</span>
        <input value={address} onChange={(e) => setAddress(e.target.value)} {...fields.input('address')} />
        {fields.error('address')}
      </label>
      <label className="field">
        <span className="field-label">{t.sites.capacity}</span>
        <input type="number" min={0} max={100000} value={capacity} onChange={(e) => setCapacity(e.target.value)} required {...fields.input('delegateCapacity')} />
        {fields.error('delegateCapacity')}
      </label>
      <label className="field">
        <span className="field-label">{t.sites.link}</span>
        <select value={link} onChange={(e) => setLink(e.target.value as LinkProfile)}>
          {linkProfileSchema.options.map((p) => (
            <option key={p} value={p}>
              {t.sites.linkProfile[p]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t.sites.contact}</span>
        <input value={contact} onChange={(e) => setContact(e.target.value)} {...fields.input('contact')} />
        {fields.error('contact')}
      </label>
      <button className="button button-primary" type="submit" disabled={submit.busy}>
        {submit.busy ? t.common.saving : site ? t.common.save : t.common.create}
      </button>
      {submit.done ? <span className="ok">{t.common.saved}</span> : null}
      {submit.failure ? <FailureBox failure={submit.failure} compact /> : null}
    </form>
  );
}
