import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { emitSchemaSdl } from './schema';

describe('schema.graphql', () => {
  it('is exactly what the server emits (run `npm run schema:emit` after changing the API)', async () => {
    const committed = await readFile(path.join(__dirname, '../../../schema.graphql'), 'utf8');
    expect(committed).toBe(await emitSchemaSdl());
  });
});
