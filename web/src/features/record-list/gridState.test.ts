import {
  conditionErrors,
  conditionProblems,
  defaultState,
  pageFilter,
  effectiveSorts,
  parseFilterNumber,
  refusedConditions,
  stateFromView,
  toFilter,
  withActivity,
} from './gridState';
import type { GridColumn } from './types';

type Row = { name: string; city: string | null };
const columns: GridColumn<Row>[] = [
  { key: 'name', label: 'n', kind: 'text', defaultVisible: true, value: (r) => r.name },
  { key: 'city', label: 'c', kind: 'text', groupable: true, defaultVisible: true, value: (r) => r.city },
  { key: 'siret', label: 's', kind: 'text', defaultVisible: false, value: () => null },
];

describe('list grid state', () => {
  it('starts from the columns shown by default', () => {
    expect(defaultState(columns)).toMatchObject({ columns: ['name', 'city'], sorts: [], conditions: [], pageSize: 50 });
  });

  it('adds the activity toggle to the filter: nothing for active (the API default), else a condition on active', () => {
    const city = { column: 'city', op: 'EQUALS' as const, value: 'Lyon' };
    expect(withActivity(null, 'active')).toBeNull();
    expect(withActivity(city, 'active')).toEqual(city);
    expect(withActivity(null, 'inactive')).toEqual({ column: 'active', op: 'IS_FALSE' });
    expect(withActivity(city, 'inactive')).toEqual({ and: [city, { column: 'active', op: 'IS_FALSE' }] });
    expect(withActivity(city, 'all')).toEqual({
      and: [
        city,
        {
          or: [
            { column: 'active', op: 'IS_TRUE' },
            { column: 'active', op: 'IS_FALSE' },
          ],
        },
      ],
    });
  });

  it('turns conditions into the API filter: none, one, or a combinator over several', () => {
    const city = { column: 'city', op: 'CONTAINS' as const, value: 'lyon' };
    const active = { column: 'active', op: 'IS_TRUE' as const, value: '' };
    expect(toFilter({ conditions: [], combinator: 'and' })).toBeNull();
    expect(toFilter({ conditions: [city], combinator: 'or' })).toEqual(city);
    expect(toFilter({ conditions: [city, active], combinator: 'or' })).toEqual({
      or: [city, { column: 'active', op: 'IS_TRUE' }],
    });
  });

  it('sorts by the grouping column first, keeping its direction when it is sorted', () => {
    const state = { ...defaultState(columns), groupBy: 'city' };
    expect(effectiveSorts({ ...state, sorts: [{ column: 'name', direction: 'DESC' }] })).toEqual([
      { column: 'city', direction: 'ASC' },
      { column: 'name', direction: 'DESC' },
    ]);
    expect(effectiveSorts({ ...state, sorts: [{ column: 'city', direction: 'DESC' }] })).toEqual([
      { column: 'city', direction: 'DESC' },
      { column: 'name', direction: 'ASC' },
    ]);
  });

  it('reads a saved view back, dropping columns that no longer exist but keeping its filter whole', () => {
    const state = stateFromView(
      {
        id: 'v',
        list: 'COMPANIES',
        name: 'Lyon',
        shared: false,
        mine: true,
        owner: null,
        columns: ['city', 'gone', 'name'],
        orderBy: [{ column: 'name', direction: 'DESC' }],
        filter: {
          and: [
            { column: 'city', op: 'CONTAINS', value: 'lyon' },
            { column: 'gone', op: 'EMPTY' },
          ],
        },
        groupBy: 'gone',
        pageSize: 20,
      },
      columns,
    );
    expect(state).toEqual({
      columns: ['city', 'name'],
      sorts: [{ column: 'name', direction: 'DESC' }],
      // The condition on the missing column stays: dropped, the view would show more than it
      // means without a word; kept, the API refuses it and the list names it.
      conditions: [
        { column: 'city', op: 'CONTAINS', value: 'lyon' },
        { column: 'gone', op: 'EMPTY' },
      ],
      combinator: 'and',
      groupBy: null,
      pageSize: 20,
      search: '',
    });
  });

  it("ANDs the quick search and the activity toggle after the conditions, and tells the conditions' problems as if sent alone", () => {
    const city = { column: 'city', op: 'CONTAINS' as const, value: 'lyon' };
    const name = { column: 'name', op: 'EMPTY' as const };
    const search = { column: 'search', op: 'CONTAINS', value: 'société dupont' };
    const parts = (conditions: (typeof city | typeof name)[], text: string, combinator: 'and' | 'or' = 'and') => ({
      conditions,
      combinator,
      search: text,
    });
    expect(pageFilter(parts([], '  '))).toBeNull();
    expect(pageFilter(parts([], ' société   dupont '))).toEqual(search);
    expect(pageFilter(parts([city], 'société dupont'))).toEqual({ and: [city, search] });
    expect(pageFilter(parts([city, name], 'société dupont', 'or'), 'inactive')).toEqual({
      and: [{ or: [city, name] }, search, { column: 'active', op: 'IS_FALSE' }],
    });
    expect(pageFilter(parts([], 'x'), 'inactive')).toEqual({
      and: [
        { column: 'search', op: 'CONTAINS', value: 'x' },
        { column: 'active', op: 'IS_FALSE' },
      ],
    });
    // The conditions' problems back under their own paths; the search's under none of them.
    const two = parts([city, name], 'x', 'or');
    expect(
      conditionProblems({ 'filter.and.0.or.1.value': 'Requis.', 'filter.and.1.value': 'Trop long.' }, two),
    ).toEqual({
      'filter.or.1.value': 'Requis.',
      search: 'Trop long.',
    });
    expect(conditionProblems({ 'filter.and.0.column': 'Inconnue.' }, parts([city], '', 'and'), 'all')).toEqual({
      'filter.column': 'Inconnue.',
    });
    expect(conditionProblems({ 'filter.value': 'Requis.' }, parts([city], ''))).toEqual({ 'filter.value': 'Requis.' });
  });

  it('saves the quick search with the conditions and reads it back from a view', () => {
    const view = (filter: Record<string, unknown> | null) =>
      stateFromView(
        {
          id: 'v',
          list: 'COMPANIES',
          name: 'Dupont',
          shared: false,
          mine: true,
          owner: null,
          columns: ['name'],
          orderBy: [],
          filter,
          groupBy: null,
          pageSize: 50,
        },
        columns,
      );
    const city = { column: 'city', op: 'CONTAINS' as const, value: 'lyon' };
    const name = { column: 'name', op: 'EMPTY' as const };
    for (const [conditions, combinator] of [
      [[], 'and'],
      [[city], 'and'],
      [[city, name], 'and'],
      [[city, name], 'or'],
    ] as const) {
      const state = { conditions: [...conditions], combinator, search: 'dupont' };
      expect(view(pageFilter(state) as Record<string, unknown> | null)).toMatchObject(state);
    }
  });

  it('reads a typed filter number in the API form and refuses anything else', () => {
    expect(parseFilterNumber(' 12 ')).toBe('12');
    expect(parseFilterNumber('-1,5')).toBe('-1.5');
    expect(parseFilterNumber('+3.25')).toBe('3.25');
    expect(parseFilterNumber('1 500')).toBe('1500');
    for (const bad of ['-1,5e3abc', '1e3', 'abc', '1,2,3', '1.', ',5', '-', ''])
      expect(parseFilterNumber(bad)).toBeNull();
  });

  it("picks the API's field problems of one condition, alone or in a combinator", () => {
    expect(conditionErrors({ 'filter.to': 'Nombre invalide.' }, 0, 1)).toEqual({ to: 'Nombre invalide.' });
    const errors = { 'filter.and.1.from': 'Nombre invalide.', 'filter.and.0.value': 'Autre.', 'filter.or.1': 'Forme.' };
    expect(conditionErrors(errors, 1, 2)).toEqual({ from: 'Nombre invalide.', '': 'Forme.' });
    expect(conditionErrors(errors, 0, 2)).toEqual({ value: 'Autre.' });
    expect(conditionErrors({ orderBy: 'Tri.' }, 0, 1)).toEqual({});
  });

  it('tells which conditions of a refused filter the API named, and ignores what is not the filter', () => {
    const gone = 'La colonne custom.code n’existe plus.';
    expect(refusedConditions({ 'filter.column': gone }, 1)).toEqual([{ index: 0, message: gone }]);
    expect(
      refusedConditions({ 'filter.or.2.value': 'Requis.', 'filter.or.0.column': gone, 'filter.or.0.op': 'x' }, 3),
    ).toEqual([
      { index: 0, message: gone },
      { index: 2, message: 'Requis.' },
    ]);
    expect(refusedConditions({ filter: 'Trop de conditions.' }, 4)).toEqual([
      { index: null, message: 'Trop de conditions.' },
    ]);
    expect(refusedConditions({ after: 'Curseur invalide.', 'orderBy.0.column': 'Colonne inconnue.' }, 2)).toEqual([]);
  });
});
