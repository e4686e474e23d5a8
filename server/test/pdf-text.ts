import { execFile } from 'node:child_process';
import path from 'node:path';

// pdf.js (under pdf-parse) loads its worker with a dynamic import, which jest's module sandbox
// refuses: the PDF is read in a plain node process.
const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const { text } = await parser.getText();
  await parser.destroy();
  process.stdout.write(text);
});`;

/**
 * The text of a PDF as a reader sees it (pdf-parse, i.e. pdf.js), narrow and ordinary no-break
 * spaces given as plain spaces (pdf.js does not keep them apart).
 */
export function pdfText(content: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', SCRIPT],
      { cwd: path.resolve(__dirname, '../..'), maxBuffer: 16 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(stdout.replace(/[\u00a0\u202f]/g, ' '))),
    );
    child.stdin?.end(content);
  });
}
