import { defaultState } from './gridState';
import type { GridColumn, GridState } from './types';
import { decodeListQuery, encodeListQuery, historyMode } from './urlState';

type Row = { name: string; city: string | null };
const columns: GridColumn<Row>[] = [
  { key: 'name', label: 'n', kind: 'text', defaultVisible: true, value: (r) => r.name },
  { key: 'city', label: 'c', kind: 'text', groupable: true, defaultVisible: true, value: (r) => r.city },
  { key: 'employees', label: 'e', kind: 'number', defaultVisible: false, value: () => null },
  { key: 'typeId', label: 't', kind: 'choice', groupable: true, defaultVisible: false, value: () => null },
];
const base = defaultState(columns);
const first = { pageIndex: 0, after: null };

describe('list state in the URL', () => {
  it('keeps an untouched list on a bare URL', () => {
    expect(encodeListQuery(null, base, base, first)).toEqual({});
    expect(encodeListQuery('v1', base, base, first)).toEqual({ view: 'v1' });
  });

  it('writes what differs from the base and reads it back the same', () => {
    const state: GridState = {
      columns: ['name', 'employees'],
      sorts: [
        { column: 'city', direction: 'DESC' },
        { column: 'name', direction: 'ASC' },
      ],
      conditions: [
        { column: 'city', op: 'CONTAINS', value: 'Lyon é/+' },
        { column: 'employees', op: 'BETWEEN', from: '10', to: '50' },
        { column: 'typeId', op: 'IN', values: ['a', 'b'] },
      ],
      combinator: 'or',
      groupBy: 'typeId',
      pageSize: 20,
      search: 'Société Dupont',
    };
    const query = encodeListQuery('v1', state, base, { pageIndex: 2, after: 'CURSOR' });
    expect(query).toMatchObject({ view: 'v1', sort: 'city:desc,name:asc', group: 'typeId', size: '20' });
    expect(query.q).toBe('Société Dupont');
    expect(query).toMatchObject({ cols: 'name,employees', page: '3', after: 'CURSOR' });
    // base64url: nothing to escape in a URL.
    expect(query.filter).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListQuery(query, columns, base)).toEqual({
      viewId: 'v1',
      state,
      position: { pageIndex: 2, after: 'CURSOR' },
      ignored: [],
    });
  });

  it('says "none" with an empty value where the base has a sort, a filter or a grouping', () => {
    const view: GridState = {
      ...base,
      sorts: [{ column: 'name', direction: 'DESC' }],
      conditions: [{ column: 'city', op: 'EMPTY' }],
      groupBy: 'city',
      search: 'dupont',
    };
    const query = encodeListQuery('v', base, view, first);
    expect(query).toEqual({ view: 'v', sort: '', filter: '', q: '', group: '' });
    expect(decodeListQuery(query, columns, view).state).toEqual(base);
  });

  it('ignores malformed or unknown params, keeping the base', () => {
    const bad = {
      sort: 'gone:desc',
      filter: '%%%not-base64',
      group: 'name', // not groupable
      size: '5000',
      cols: 'gone,,other',
      page: '2', // without its cursor
      view: ['v9', 'v8'],
    };
    expect(decodeListQuery(bad, columns, base)).toEqual({
      viewId: 'v9',
      state: base,
      position: first,
      ignored: ['sort', 'filter', 'group', 'size', 'cols'],
    });
    for (const filter of [btoa('{}'), btoa('["x"]'), btoa('not json'), 'A'.repeat(5000)])
      expect(decodeListQuery({ filter }, columns, base).state).toEqual(base);
    for (const page of ['0', '-1', '1.5', 'abc', '1e9'])
      expect(decodeListQuery({ page, after: 'c' }, columns, base).position).toEqual(first);
    expect(decodeListQuery({ sort: 'city:sideways' }, columns, base).state.sorts).toEqual([]);
  });

  it('drops the conditions on unknown columns or with an operator their column does not take', () => {
    const rows = [
      'a',
      ['gone', 'EMPTY'],
      ['city', 'BETWEEN', null, null, '1', '2'],
      ['city', 'CONTAINS', 42],
      ['city', 'STARTS_WITH', 'Ly'],
    ];
    const filter = btoa(JSON.stringify(rows)).replace(/=+$/, '');
    expect(decodeListQuery({ filter }, columns, base).state.conditions).toEqual([
      { column: 'city', op: 'STARTS_WITH', value: 'Ly' },
    ]);
  });
});

describe('params of a link that cannot be applied', () => {
  const filterOf = (rows: unknown[]) => Buffer.from(JSON.stringify(['a', ...rows])).toString('base64url');

  it('says a filter that cannot be read, or only in part, was dropped', () => {
    expect(decodeListQuery({ filter: 'not-json' }, columns, base).ignored).toEqual(['filter']);
    const partly = filterOf([
      ['city', 'CONTAINS', 'Lyon'],
      ['gone', 'CONTAINS', 'x'],
    ]);
    const read = decodeListQuery({ filter: partly }, columns, base);
    expect(read.ignored).toEqual(['filter']);
    expect(read.state.conditions).toEqual([{ column: 'city', op: 'CONTAINS', value: 'Lyon' }]);
    expect(decodeListQuery({ filter: filterOf([['city', 'CONTAINS', 'Lyon']]) }, columns, base).ignored).toEqual([]);
  });

  it('says the other params it ignores, and nothing for a link it reads whole', () => {
    const read = decodeListQuery({ sort: 'nope:asc', group: 'name', size: '7', cols: 'name,gone' }, columns, base);
    expect(read.ignored).toEqual(['sort', 'group', 'size', 'cols']);
    expect(decodeListQuery({ sort: 'city:desc', group: '', size: '20', cols: 'name' }, columns, base).ignored).toEqual(
      [],
    );
  });

  it('pushes a step to another page of the same list, replaces any other change', () => {
    const page1 = { sort: 'city:desc', size: '10' };
    const page2 = { ...page1, page: '2', after: 'c2' };
    const page3 = { ...page1, page: '3', after: 'c3' };
    expect(historyMode(page1, page1)).toBeNull();
    // Suivant / Précédent: Back returns to the page before, in the same list.
    expect(historyMode(page1, page2)).toBe('push');
    expect(historyMode(page2, page3)).toBe('push');
    expect(historyMode(page3, page2)).toBe('push');
    expect(historyMode(page2, page1)).toBe('push');
    // The page size (or a sort, a filter) starts again from page 1: replaced.
    expect(historyMode(page2, { sort: 'city:desc', size: '20' })).toBe('replace');
    expect(historyMode(page1, { size: '10' })).toBe('replace');
    expect(historyMode(page2, { ...page1, filter: 'x' })).toBe('replace');
  });
});
