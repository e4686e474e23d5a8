import { containsSql, normSql } from '../search/search.service';
import { LISTS } from './columns';
import { FilterCompiler, Params } from './filter';
import { FilterOp } from './record-list.inputs';

/** The SQL text of conditions (no database): the company picker and the list filters share it. */
describe('text conditions with a search document', () => {
  const compile = (column: string, op: FilterOp) => {
    const params = new Params();
    const sql = new FilterCompiler(LISTS.COMPANIES, params).compile({ column, op, value: 'Société 1%' }, ['filter']);
    return { sql, values: params.values };
  };

  it('"contains" on the name is the picker\'s condition: the document first, one "%text%" parameter', () => {
    expect(compile('name', FilterOp.CONTAINS)).toEqual({
      sql: `(${containsSql('c.name', '$1', 'c.search_doc')})`,
      values: ['%Société 1\\%%'],
    });
    expect(containsSql('c.name', ':pattern', 'c.search_doc')).toBe(
      `c.search_doc LIKE search_norm(:pattern) AND ${normSql('c.name')} LIKE search_norm(:pattern)`,
    );
  });

  it('"starts with" and "equals" test the document for the text first too; a column without one does not', () => {
    expect(compile('city', FilterOp.STARTS_WITH)).toEqual({
      sql: `(c.search_doc LIKE search_norm($2) AND ${normSql('c.city')} LIKE search_norm($1))`,
      values: ['Société 1\\%%', '%Société 1\\%%'],
    });
    expect(compile('city', FilterOp.EQUALS).sql).toBe(
      `(c.search_doc LIKE search_norm($2) AND ${normSql('c.city')} = search_norm($1))`,
    );
    expect(compile('website', FilterOp.CONTAINS).sql).toBe(containsSql('c.website', '$1'));
  });
});

describe('date conditions', () => {
  const compile = (from: string, to?: string) =>
    new FilterCompiler(LISTS.COMPANIES, new Params()).compile({ column: 'createdAt', op: FilterOp.BETWEEN, from, to }, [
      'filter',
    ]);
  const problems = (from: string, to?: string) => {
    try {
      compile(from, to);
      return [];
    } catch (err) {
      return (err as { fields: { path: (string | number)[]; message: string }[] }).fields.map((f) => f.path.join('.'));
    }
  };

  it('refuses a day that does not exist (30 February, 31 April, 29 February of a common year), naming the bound', () => {
    expect(problems('2026-02-30')).toEqual(['filter.from']);
    expect(problems('2026-01-01', '2026-04-31')).toEqual(['filter.to']);
    expect(problems('2025-02-29T10:00:00Z')).toEqual(['filter.from']);
    expect(problems('2024-02-29', '2026-12-31')).toEqual([]);
  });
});
