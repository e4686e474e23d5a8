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
