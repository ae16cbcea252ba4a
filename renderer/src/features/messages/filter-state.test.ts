import { describe, expect, it } from 'vitest';

import {
  EMPTY_FILTER,
  facetFilter,
  isFilterEmpty,
  isRangeBackwards,
  toMessageFilter,
  type FilterState,
} from './filter-state';

const state = (patch: Partial<FilterState>): FilterState => ({ ...EMPTY_FILTER, ...patch });

describe('toMessageFilter', () => {
  it.each<[string, Partial<FilterState>, object]>([
    ['nothing chosen', {}, {}],
    ['types, sorted', { msgtypes: ['text', 'image'] }, { msgtypes: ['image', 'text'] }],
    ['statuses', { statuses: ['failed', 'ready'] }, { statuses: ['failed', 'ready'] }],
    ['sender and room, trimmed', { sender: ' ZhangSan ', room: '  ' }, { sender: 'ZhangSan' }],
    ['search text, trimmed', { text: '  合同 ' }, { text: '合同' }],
    ['blank search text', { text: '   ' }, {}],
    ['switches only when on', { withProblems: true, mediaOnly: false }, { withProblems: true }],
  ])('%s', (_name, patch, expected) => {
    expect(toMessageFilter(state(patch))).toEqual(expected);
  });

  it('reads times as local time and keeps the upper bound as given', () => {
    const filter = toMessageFilter(state({ from: '2024-01-01T00:00', to: '2024-02-01T00:00' }));
    expect(filter.from).toBe(new Date(2024, 0, 1).getTime());
    expect(filter.to).toBe(new Date(2024, 1, 1).getTime());
  });

  it('ignores a half-typed time', () => {
    expect(toMessageFilter(state({ from: '2024-01' }))).toEqual({});
  });

  it('cuts search text to the contract limit', () => {
    expect(toMessageFilter(state({ text: 'x'.repeat(300) })).text).toHaveLength(200);
  });

  it('lets the screen fix a dimension over the filter bar', () => {
    const filter = toMessageFilter(state({ statuses: ['ready'] }), { statuses: ['failed'] });
    expect(filter.statuses).toEqual(['failed']);
  });
});

describe('facetFilter', () => {
  it('drops the dimension being counted but keeps the rest and the fixed part', () => {
    const filter = toMessageFilter(state({ msgtypes: ['text'], statuses: ['ready'], sender: 'a' }));
    expect(facetFilter(filter, 'msgtypes')).toEqual({ statuses: ['ready'], sender: 'a' });
    expect(facetFilter(filter, 'statuses', { statuses: ['failed'] })).toEqual({
      msgtypes: ['text'],
      sender: 'a',
      statuses: ['failed'],
    });
  });
});

describe('checks', () => {
  it('tells an empty filter and a backwards range', () => {
    expect(isFilterEmpty(EMPTY_FILTER)).toBe(true);
    expect(isFilterEmpty(state({ text: ' ' }))).toBe(true);
    expect(isFilterEmpty(state({ mediaOnly: true }))).toBe(false);
    expect(isRangeBackwards(state({ from: '2024-02-01T00:00', to: '2024-01-01T00:00' }))).toBe(
      true,
    );
    expect(isRangeBackwards(state({ from: '2024-01-01T00:00' }))).toBe(false);
  });
});
