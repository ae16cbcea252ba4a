import { describe, expect, it } from 'vitest';

import { printable, table } from './format.js';

describe('printable', () => {
  it('shows control characters from export data instead of sending them to the terminal', () => {
    // Regression: an OSC title sequence and a colour code in a message reached the terminal.
    expect(printable('a\u001b]0;pwned\u0007b\u001b[31mc\nd')).toBe(
      'a\ufffd]0;pwned\ufffdb\ufffd[31mc\ufffdd',
    );
    expect(printable('合同 ok')).toBe('合同 ok');
  });

  it('applies to every cell of a table', () => {
    expect(table([['x\u001b[2J', 'y']])).toBe('x\ufffd[2J  y');
  });
});
