/// <reference types="node" />
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ICONS } from './icons';

const SRC = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'gql' ? [] : sources(file);
    return /\.(vue|ts)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [file] : [];
  });
}

/**
 * Symbols that Debian's fonts (DejaVu, Liberation: what a Chromium there has) do not draw,
 * so they show as empty boxes: emoji (🗑, 📎…) and the media-control signs (⏷, ⏵…).
 * Icons are drawn with AppIcon instead.
 */
const UNDRAWN = /[\u{23E9}-\u{23FA}\u{1F000}-\u{1FAFF}]/u;

describe('icons', () => {
  it('uses no symbol that Debian fonts cannot draw, anywhere in the web client', () => {
    const found = sources(SRC).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (UNDRAWN.test(line) ? [`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('draws each icon as one SVG path in a 24×24 box', () => {
    for (const d of Object.values(ICONS)) expect(d).toMatch(/^M[\d\s.,a-zA-Z-]+$/);
  });
});
