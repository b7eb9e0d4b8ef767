import { useT } from '../i18n/language';
import type { Quality } from './quality';

/** "Chất lượng kết nối: Tốt (1200 kbit/s · mất gói 0% · 30 hình/giây)". */
export function QualityLine({ quality }: { quality: Quality }) {
  const t = useT();
  return (
    <div className="status-item" data-testid="connection-quality" data-quality={quality.level} role="status" aria-live="off">
      <span className={`quality-bars quality-${quality.level}`} aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      {t.site.quality}: <strong>{t.site.qualityLevel[quality.level]}</strong>
      {quality.level !== 'none' ? (
        <span className="quality-detail">({t.site.qualityDetail(quality.kbps, quality.lossPercent, quality.fps)})</span>
      ) : null}
    </div>
  );
}
