/**
 * Turns message text into the tokens of the full-text index, and a search box entry into an
 * FTS5 query.
 *
 * Chinese has no spaces, and the most common searches are two-character words (合同, 报价,
 * 发票). SQLite's trigram tokenizer cannot index anything shorter than three characters, and
 * unicode61 would treat a whole sentence as one token. So CJK runs are cut into overlapping
 * character pairs here (plus the run's last character alone, so that a one-character search
 * finds it too), and Latin words and numbers stay whole. The index stores these tokens; a
 * query for 签合同 asks for both 签合 and 合同, and the rows found are then checked for the
 * whole phrase (see SearchQuery.verify).
 */

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
const RUNS = new RegExp(String.raw`[${CJK}]+|[[\p{L}\p{N}]--[${CJK}]]+`, 'gv');
const CJK_START = new RegExp(String.raw`^[${CJK}]`, 'v');

export function searchTokens(text: string): string {
  if (!text) return '';
  const out: string[] = [];
  for (const [run] of text.toLowerCase().matchAll(RUNS)) {
    if (!CJK_START.test(run)) {
      out.push(run);
      continue;
    }
    const chars = Array.from(run);
    for (let index = 0; index + 1 < chars.length; index += 1)
      out.push(chars[index]! + chars[index + 1]!);
    out.push(chars[chars.length - 1]!);
  }
  return out.join(' ');
}

export interface SearchQuery {
  /** The FTS5 MATCH expression. */
  match: string;
  /**
   * Chinese runs of three or more characters. The index holds no positions (it is much
   * smaller and faster to build that way), so "签合 AND 合同" also matches a text where the
   * two pairs are apart; these runs are checked against the message text afterwards.
   */
  verify: string[];
}

/**
 * The query for what the operator typed, or null when it holds nothing searchable. Every token
 * is quoted, so FTS5 syntax in the input is taken literally.
 */
export function searchQuery(input: string): SearchQuery | null {
  const parts: string[] = [];
  const verify: string[] = [];
  for (const [run] of input.toLowerCase().matchAll(RUNS)) {
    if (!CJK_START.test(run)) {
      parts.push(`"${run}"*`);
      continue;
    }
    const chars = Array.from(run);
    if (chars.length === 1) {
      // One character: any pair starting with it, or the character alone at a run's end.
      parts.push(`"${chars[0]}"*`);
      continue;
    }
    for (let index = 0; index + 1 < chars.length; index += 1)
      parts.push(`"${chars[index]!}${chars[index + 1]!}"`);
    if (chars.length > 2) verify.push(run);
  }
  return parts.length ? { match: parts.join(' AND '), verify } : null;
}
