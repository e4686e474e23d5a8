import Module from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import { SpreadsheetError } from './spreadsheet-error';

/**
 * Limits on the XML of a workbook being read. Real workbooks nest elements about ten deep and
 * hold at most a string per cell; a hostile part nesting millions of elements, or a shared
 * strings table of tiny strings, exhausts the reader's memory within the inflate limit.
 */
export const XML_LIMITS = { maxDepth: 100, maxSharedStrings: 2_000_000 };

/**
 * exceljs 4.4's streaming reader decodes each zip chunk to text on its own
 * (lib/utils/parse-sax.js), so a multi-byte UTF-8 character split across two chunks turns
 * into "��" ("Société" read as "Sociét��" about once per 20,000 accented rows in our
 * benchmark file). This replaces that module, before exceljs loads it, with the same parser
 * fed through a StringDecoder, which carries incomplete characters over to the next chunk.
 * Call it before the first require of exceljs in the process (the parsing child does).
 */
export function fixExceljsUtf8Decoding(): void {
  const target = require.resolve('exceljs/lib/utils/parse-sax.js');
  if (require.cache[target]) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SaxesParser } = require('saxes') as typeof import('saxes');
  async function* parseSax(iterable: AsyncIterable<Buffer | string>) {
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    let error: Error | undefined;
    parser.on('error', (err) => (error ??= err));
    let events: { eventType: string; value: unknown }[] = [];
    let depth = 0;
    let strings = 0;
    parser.on('opentag', (value) => {
      if (++depth > XML_LIMITS.maxDepth) error ??= new SpreadsheetError('import.file.corrupt');
      // <si>: one entry of the shared strings table (the only part that has them).
      if (value.name === 'si' && ++strings > XML_LIMITS.maxSharedStrings)
        error ??= new SpreadsheetError('import.file.tooHeavy');
      events.push({ eventType: 'opentag', value });
    });
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => {
      depth--;
      events.push({ eventType: 'closetag', value });
    });
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.end();
    if (rest) parser.write(rest);
    if (events.length) yield events;
  }
  const mod = new Module(target);
  mod.filename = target;
  mod.loaded = true;
  mod.exports = parseSax;
  require.cache[target] = mod;
}
