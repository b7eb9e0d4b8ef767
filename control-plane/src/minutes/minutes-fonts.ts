// The PDF's typeface: DejaVu Serif, shipped inside the npm package `dejavu-fonts-ttf`, so every
// machine and image that ran `npm ci` has it (a closed network fetches no fonts) and every
// Vietnamese letter has its glyph. pdfkit embeds the subset a document uses.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface MinutesFonts {
  regular: string;
  bold: string;
  italic: string;
}

export function minutesFonts(): MinutesFonts {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const file = (name: string) => path.join(dir, name);
  const found: MinutesFonts = { regular: file('DejaVuSerif.ttf'), bold: file('DejaVuSerif-Bold.ttf'), italic: file('DejaVuSerif-Italic.ttf') };
  for (const font of [found.regular, found.bold, found.italic]) if (!existsSync(font)) throw new Error(`minutes font missing: ${font} (run npm ci)`);
  return found;
}
