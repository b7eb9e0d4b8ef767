// Lays the minutes' document model out as a DOCX (the `docx` package), for the secretariat to
// edit and sign: Times New Roman as Vietnamese administrative documents use (Word has it), A4
// with the same margins as the PDF, the header as a borderless two-column table.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IBordersOptions,
} from 'docx';
import type { MinutesBlock, MinutesColumn, MinutesDocument } from './minutes-document.js';

const font = 'Times New Roman';
/** half-points */
const size = { body: 26, small: 24, title: 28 };
/** twentieths of a point */
const cm = 567;
const textWidth = Math.round(21 * cm - 3 * cm - 1.5 * cm);

const run = (text: string, o: { bold?: boolean; italic?: boolean; size?: number; underline?: boolean } = {}) =>
  new TextRun({ text, font, size: o.size ?? size.body, bold: o.bold, italics: o.italic, ...(o.underline ? { underline: {} } : {}) });

const centred = (text: string, o: Parameters<typeof run>[1] = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, o)] });

const noBorders: IBordersOptions = Object.fromEntries(
  ['top', 'bottom', 'left', 'right', 'insideHorizontal', 'insideVertical'].map((side) => [side, { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }]),
);

function header(m: MinutesDocument): Table {
  const issuer = [...(m.issuer.above ? [centred(m.issuer.above)] : []), centred(m.issuer.name, { bold: true, underline: true })];
  const national = m.national.map((line, i) => centred(line, { bold: true, underline: i === m.national.length - 1 }));
  const widths = [Math.round(textWidth * 0.42), Math.round(textWidth * 0.58)];
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: widths[0]!, type: WidthType.DXA }, borders: noBorders, children: issuer }),
          new TableCell({
            width: { size: widths[1]!, type: WidthType.DXA },
            borders: noBorders,
            children: [...national, new Paragraph({}), centred(m.dateLine, { italic: true })],
          }),
        ],
      }),
    ],
  });
}

const alignment = (c: MinutesColumn) => (c.align === 'right' ? AlignmentType.RIGHT : c.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT);

function table(t: Extract<MinutesBlock, { kind: 'table' }>): Table {
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const widths = t.columns.map((c) => Math.round((c.width / total) * textWidth));
  const row = (cells: string[], kind: 'header' | 'body' | 'total') =>
    new TableRow({
      tableHeader: kind === 'header',
      cantSplit: true,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.DXA },
            children: [
              new Paragraph({
                alignment: kind === 'header' ? AlignmentType.CENTER : alignment(t.columns[i]!),
                children: [run(text, { bold: kind !== 'body', size: size.small })],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    rows: [row(t.columns.map((c) => c.header), 'header'), ...t.rows.map((r) => row(r, 'body')), ...(t.total ? [row(t.total, 'total')] : [])],
  });
}

function block(b: MinutesBlock): (Paragraph | Table)[] {
  if (b.kind === 'table') return [table(b), new Paragraph({})];
  return [
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      indent: b.bold ? undefined : { firstLine: Math.round(0.6 * cm) },
      spacing: { after: 60 },
      children: [run(b.text, { bold: b.bold, italic: b.italic })],
    }),
  ];
}

function signatures(m: MinutesDocument): Table {
  const w = Math.round(textWidth / m.signatures.length);
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: m.signatures.map(() => w),
    borders: noBorders,
    rows: [
      new TableRow({
        children: m.signatures.map(
          (s) => new TableCell({ width: { size: w, type: WidthType.DXA }, borders: noBorders, children: [centred(s.role, { bold: true }), centred(s.note, { italic: true, size: size.small })] }),
        ),
      }),
    ],
  });
}

export function renderMinutesDocx(m: MinutesDocument): Promise<Buffer> {
  const doc = new Document({
    title: `${m.title}: ${m.subtitle}`,
    styles: { default: { document: { run: { font, size: size.body } } } },
    sections: [
      {
        properties: { page: { size: { width: 21 * cm, height: Math.round(29.7 * cm) }, margin: { top: 2 * cm, bottom: 2 * cm, left: 3 * cm, right: Math.round(1.5 * cm) } } },
        children: [
          header(m),
          new Paragraph({}),
          centred(m.title, { bold: true, size: size.title }),
          centred(m.subtitle, { bold: true }),
          new Paragraph({}),
          ...m.sections.flatMap((s) => [new Paragraph({ spacing: { before: 120 }, children: [run(s.heading, { bold: true })] }), ...s.blocks.flatMap(block)]),
          new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { before: 120 }, children: [run(m.closing)] }),
          new Paragraph({}),
          signatures(m),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
