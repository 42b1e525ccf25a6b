/**
 * The PDF's document information (title, author). Chromium takes the title from the page's <title>
 * but sets no author from anything in the page, so the author is added afterwards as a PDF
 * incremental update (ISO 32000-1, 7.5.6): a new information dictionary, a one-entry cross-reference
 * section and a trailer pointing back to the original, appended after the original bytes, which are
 * left exactly as printed. Only the classic cross-reference table Chromium (Skia) writes is
 * understood; anything else is returned unchanged rather than risk a broken file.
 */

export interface PdfInfo {
  title: string;
  author: string;
}

/** A PDF text string in UTF-16BE with its byte-order mark, as hex (so no character needs escaping). */
function pdfText(s: string): string {
  const units: string[] = ['FEFF'];
  for (let i = 0; i < s.length; i++) units.push(s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0'));
  return `<${units.join('')}>`;
}

/** Entries of the original information dictionary worth keeping (literal strings without parentheses inside). */
const KEPT = /\/(Creator|Producer|CreationDate|ModDate)\s*(\([^()\\]*\))/g;

export function withPdfInfo(pdf: Buffer, info: PdfInfo): Buffer {
  const tailStart = Math.max(0, pdf.length - 4096);
  const tail = pdf.subarray(tailStart).toString('latin1');
  const sx = tail.lastIndexOf('startxref');
  const trailerAt = tail.lastIndexOf('trailer');
  if (sx < 0 || trailerAt < 0 || trailerAt > sx) return pdf;
  const prev = Number(/^startxref\s+(\d+)/.exec(tail.slice(sx))?.[1]);
  const trailer = tail.slice(trailerAt, sx);
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  if (!Number.isInteger(prev) || !Number.isInteger(size) || size < 1 || !root) return pdf;

  let kept = '';
  const infoRef = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(trailer);
  if (infoRef) {
    const all = pdf.toString('latin1');
    const at = all.lastIndexOf(`\n${infoRef[1]} ${infoRef[2]} obj`);
    const end = at < 0 ? -1 : all.indexOf('endobj', at);
    if (end > at) kept = [...all.slice(at, end).matchAll(KEPT)].map((m) => `/${m[1]} ${m[2]}`).join('\n');
  }

  const lead = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const objOffset = pdf.length + lead.length;
  const entries = [`/Title ${pdfText(info.title)}`, `/Author ${pdfText(info.author)}`, ...(kept ? [kept] : [])];
  const obj = `${size} 0 obj\n<<${entries.join('\n')}>>\nendobj\n`;
  const xrefOffset = objOffset + Buffer.byteLength(obj, 'latin1');
  const xref =
    `xref\n${size} 1\n${String(objOffset).padStart(10, '0')} 00000 n \n` +
    `trailer\n<</Size ${size + 1}\n/Root ${root}\n/Info ${size} 0 R\n/Prev ${prev}>>\n` +
    `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(lead + obj + xref, 'latin1')]);
}
