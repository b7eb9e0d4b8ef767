// Lays the minutes' document model out as an A4 PDF (pdfkit): margins of an administrative
// document (top and bottom 2 cm, left 3 cm, right 1.5 cm), the issuer and national header side by
// side, tables that break across pages with their header repeated.
import PDFDocument from 'pdfkit';
import type { MinutesBlock, MinutesDocument } from './minutes-document.js';
import type { MinutesFonts } from './minutes-fonts.js';

const cm = 72 / 2.54;
const margins = { top: 2 * cm, bottom: 2 * cm, left: 3 * cm, right: 1.5 * cm };
const size = { body: 12, small: 10.5, title: 14, header: 10.5 };
type Doc = PDFKit.PDFDocument;

export function renderMinutesPdf(m: MinutesDocument, fonts: MinutesFonts): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins, info: { Title: `${m.title}: ${m.subtitle}`, Subject: m.subtitle } });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.registerFont('italic', fonts.italic);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, m);
  doc.moveDown(1.5);
  doc.font('bold').fontSize(size.title).text(m.title, { align: 'center' });
  doc.font('bold').fontSize(size.body).text(m.subtitle, { align: 'center' });
  doc.moveDown(1);
  for (const section of m.sections) {
    doc.moveDown(0.5);
    doc.font('bold').fontSize(size.body).text(section.heading);
    doc.moveDown(0.2);
    for (const block of section.blocks) write(doc, block);
  }
  doc.moveDown(0.8);
  doc.font('regular').fontSize(size.body).text(m.closing, { align: 'justify' });
  signatures(doc, m);
  doc.end();
  return done;
}

const width = (doc: Doc) => doc.page.width - margins.left - margins.right;

function header(doc: Doc, m: MinutesDocument): void {
  const top = doc.y;
  const left = { x: margins.left - 1 * cm, w: width(doc) * 0.4 + 1 * cm };
  const right = { x: margins.left + width(doc) * 0.4, w: width(doc) * 0.6 + 0.5 * cm };
  doc.fontSize(size.header);
  if (m.issuer.above) doc.font('regular').text(m.issuer.above, left.x, top, { width: left.w, align: 'center' });
  doc.font('bold').text(m.issuer.name, left.x, m.issuer.above ? doc.y : top, { width: left.w, align: 'center' });
  underline(doc, left.x + left.w / 2, doc.y + 2, left.w * 0.3);
  const leftBottom = doc.y;
  doc.font('bold').text(m.national[0] ?? '', right.x, top, { width: right.w, align: 'center' });
  for (const line of m.national.slice(1)) doc.font('bold').text(line, right.x, doc.y, { width: right.w, align: 'center' });
  underline(doc, right.x + right.w / 2, doc.y + 2, right.w * 0.5);
  doc.moveDown(0.8);
  doc.font('italic').fontSize(size.body).text(m.dateLine, right.x, doc.y, { width: right.w, align: 'center' });
  doc.x = margins.left;
  doc.y = Math.max(doc.y, leftBottom);
}

function underline(doc: Doc, centre: number, y: number, length: number): void {
  doc.moveTo(centre - length / 2, y).lineTo(centre + length / 2, y).lineWidth(0.6).stroke();
}

function write(doc: Doc, block: MinutesBlock): void {
  if (block.kind === 'paragraph') {
    doc.font(block.bold ? 'bold' : block.italic ? 'italic' : 'regular').fontSize(size.body);
    doc.text(block.text, margins.left, doc.y, { width: width(doc), align: 'justify', indent: block.bold ? 0 : 0.6 * cm, paragraphGap: 3 });
    return;
  }
  table(doc, block);
}

function table(doc: Doc, t: Extract<MinutesBlock, { kind: 'table' }>): void {
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const widths = t.columns.map((c) => (c.width / total) * width(doc));
  const pad = 3;
  const bottom = () => doc.page.height - margins.bottom;
  /** A header row is bold and centred, a total row bold; rows after a page break repeat the header first. */
  const row = (cells: string[], kind: 'header' | 'body' | 'total') => {
    const font = kind === 'body' ? 'regular' : 'bold';
    doc.font(font).fontSize(size.small);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    if (kind !== 'header' && doc.y + height > bottom()) {
      doc.addPage();
      row(t.columns.map((c) => c.header), 'header');
      doc.font(font).fontSize(size.small);
    }
    const y = doc.y;
    let x = margins.left;
    cells.forEach((cell, i) => {
      const w = widths[i]!;
      doc.rect(x, y, w, height).lineWidth(0.5).stroke();
      doc.text(cell, x + pad, y + pad, { width: w - 2 * pad, align: kind === 'header' ? 'center' : (t.columns[i]!.align ?? 'left') });
      x += w;
    });
    doc.x = margins.left;
    doc.y = y + height;
  };
  doc.moveDown(0.2);
  // The header and at least one row stay together.
  if (doc.y + 4 * size.small * 2 > bottom()) doc.addPage();
  row(t.columns.map((c) => c.header), 'header');
  for (const cells of t.rows) row(cells, 'body');
  if (t.total) row(t.total, 'total');
  doc.moveDown(0.5);
}

function signatures(doc: Doc, m: MinutesDocument): void {
  const needed = 5 * size.body * 1.4;
  if (doc.y + needed > doc.page.height - margins.bottom) doc.addPage();
  doc.moveDown(1.5);
  const top = doc.y;
  const w = width(doc) / m.signatures.length;
  m.signatures.forEach((s, i) => {
    const x = margins.left + i * w;
    doc.font('bold').fontSize(size.body).text(s.role, x, top, { width: w, align: 'center' });
    doc.font('italic').fontSize(size.small).text(s.note, x, doc.y, { width: w, align: 'center' });
  });
  doc.x = margins.left;
}
