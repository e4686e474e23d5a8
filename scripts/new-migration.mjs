// `npm run migration:create -- <Name>`: writes migrations/<timestamp>-<Name>.ts, an empty
// migration to fill by hand, and registers it at the end of migrations/index.ts.
//
// Migrations are written by hand, not generated from the entities: row-level security
// policies, SECURITY DEFINER functions, generated search columns, partial and expression
// indexes and collations live only in the migrations, so a diff of the entities against the
// database would propose dropping them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
const INDEX = path.join(DIR, 'index.ts');

const name = process.argv[2] ?? '';
if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('Usage: npm run migration:create -- <Name>   (PascalCase, e.g. ConsentMethod)');
  process.exit(1);
}

// After every existing migration, even one dated in the future by hand.
const latest = Math.max(0, ...readdirSync(DIR).map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? 0)));
const timestamp = Math.max(Date.now(), latest + 1);
const className = `${name}${timestamp}`;
const file = `${timestamp}-${name}`;

writeFileSync(
  path.join(DIR, `${file}.ts`),
  `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** TODO: what this migration changes, and why. */
export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }
}
`,
);

const index = readFileSync(INDEX, 'utf8');
const withImport = index.replace(
  /\n\n(\/\*\*[^\n]*\*\/\n)?export const migrations = \[/,
  (m) => `\nimport { ${className} } from './${file}';${m}`,
);
const withEntry = withImport.replace(/\n\];\s*$/, `\n  ${className},\n];\n`);
if (withEntry === index || !withEntry.includes(`  ${className},\n];`)) {
  console.error(`Wrote migrations/${file}.ts, but could not register it: add it to migrations/index.ts by hand.`);
  process.exit(1);
}
writeFileSync(INDEX, withEntry);
console.log(`Wrote migrations/${file}.ts and registered it in migrations/index.ts.`);
