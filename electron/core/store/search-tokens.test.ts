import { describe, expect, it } from 'vitest';

import { searchQuery, searchTokens } from './search-tokens.js';

describe('searchTokens', () => {
  it.each([
    ['Chinese as overlapping pairs and the last character', '签合同', '签合 合同 同'],
    ['a single character', '好', '好'],
    ['Latin words whole and in lower case', 'Hello World 2024', 'hello world 2024'],
    ['mixed runs', '报价v2发票', '报价 价 v2 发票 票'],
    ['punctuation as separators', '你好，世界!', '你好 好 世界 界'],
    ['nothing', '', ''],
  ])('cuts %s', (_name, text, tokens) => {
    expect(searchTokens(text)).toBe(tokens);
  });
});

describe('searchQuery', () => {
  it.each([
    ['a two-character word', '合同', { match: '"合同"', verify: [] }],
    [
      'a longer phrase to check afterwards',
      '签合同',
      { match: '"签合" AND "合同"', verify: ['签合同'] },
    ],
    ['one character as a prefix', '合', { match: '"合"*', verify: [] }],
    ['Latin words as prefixes', 'Hello wor', { match: '"hello"* AND "wor"*', verify: [] }],
    [
      'FTS5 syntax taken literally',
      'a OR b NEAR(c)',
      { match: '"a"* AND "or"* AND "b"* AND "near"* AND "c"*', verify: [] },
    ],
  ])('builds %s', (_name, input, query) => {
    expect(searchQuery(input)).toEqual(query);
  });

  it('gives nothing for input without words', () => {
    expect(searchQuery(' ,.!? ')).toBeNull();
  });
});
