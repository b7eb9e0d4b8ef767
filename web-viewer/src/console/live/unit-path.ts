/**
 * Where a site sits, in names: "Thành phố Đà Nẵng › Xã Hòa Bắc" on its tile (its province and
 * its own unit: the real tree has 27 "Xã Tân Thành") and every level in the tooltip. `unitPath`
 * is the site's unit's path of codes ("/TW/DN/DN-HV/DN-HV-HB/"); `names` maps codes of the upper
 * units to their names (the root, being everyone's, is left out).
 */
export function unitPathLabel(
  site: { unitName: string; unitPath: string },
  names: ReadonlyMap<string, string>,
): { short: string; full: string } {
  const codes = site.unitPath.split('/').filter(Boolean);
  const upper = codes.slice(1, -1).map((code) => names.get(code) ?? code);
  if (!upper.length) return { short: site.unitName, full: site.unitName };
  return { short: `${upper[0]} › ${site.unitName}`, full: [...upper, site.unitName].join(' › ') };
}
