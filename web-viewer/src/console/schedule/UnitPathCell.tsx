import { unitPathLabel } from '../live/unit-path';

/** A table cell naming where a site sits ("Thành phố Đà Nẵng › Xã Hòa Bắc"), every level in its tooltip. */
export function UnitPathCell({ site, names }: { site: { unitName: string; unitPath: string }; names: ReadonlyMap<string, string> }) {
  const label = unitPathLabel(site, names);
  return (
    <td className="muted" title={label.full}>
      {label.short}
    </td>
  );
}
