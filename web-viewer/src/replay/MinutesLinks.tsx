import { minutesFormats, type MinutesFormat } from '@lienthong/contracts';
import { saveFile } from '../console/shell/rest-client';
import { useLanguage } from '../i18n/language';
import type { ReplayApi } from './api';
import { useLoad } from '../shared/use-load';

/** The conference's minutes beside its recording, for those who may read them, once they are made. */
export function MinutesLinks({ api, conferenceId }: { api: ReplayApi; conferenceId: string }) {
  const t = useLanguage().t.replay.player;
  const status = useLoad(conferenceId, (signal) => api.call('minutes.get', { params: { id: conferenceId }, signal }), api.loadOptions);
  if (status.data?.state !== 'ready') return null;
  const label: Record<MinutesFormat, string> = { pdf: t.minutesPdf, docx: t.minutesDocx };
  const save = (format: MinutesFormat) =>
    void api.download('minutes.download', { id: conferenceId, format }).then((blob) => saveFile({ blob, fileName: `bien-ban-${conferenceId.slice(0, 8)}.${format}` }));
  return (
    <div className="replay-minutes" data-testid="replay-minutes">
      {minutesFormats.map((format) => (
        <button key={format} type="button" className="link-button" onClick={() => save(format)}>
          {label[format]}
        </button>
      ))}
    </div>
  );
}
