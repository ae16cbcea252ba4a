/**
 * A small seeded random source for generated test inputs: the same seed gives the same inputs
 * on every machine, so a failure found once can be run again from its seed alone.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [0, below); 0 when `below` is 0. */
  below(below: number): number;
  /** A whole number in [min, max]. */
  between(min: number, max: number): number;
  /** True with probability `chance`. */
  chance(chance: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/**
 * xorshift32 with its state stirred from the seed first, so that nearby seeds (1, 2, 3...)
 * do not start out alike. Quality is more than test inputs need; speed and repeatability are
 * what matter here.
 */
export function seededRandom(seed: number): Random {
  let state = stir(seed >>> 0) || 0x9e3779b9;

  function nextUint(): number {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  }

  const random: Random = {
    next: () => nextUint() / 2 ** 32,
    below: (below) => (below <= 0 ? 0 : Math.floor(random.next() * below)),
    between: (min, max) => min + random.below(max - min + 1),
    chance: (chance) => random.next() < chance,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick needs at least one item.');
      return items[random.below(items.length)]!;
    },
  };
  return random;
}

/** A seed for the `index`-th input of a run, so that one input can be made again alone. */
export function inputSeed(runSeed: number, index: number): number {
  return stir((runSeed ^ Math.imul(index + 1, 0x2545f491)) >>> 0);
}

/** Spreads every bit of a 32-bit number over all the others: shift, xor and odd multiplies. */
function stir(value: number): number {
  let mixed = value >>> 0;
  for (let round = 0; round < 2; round += 1) {
    mixed ^= mixed >>> 16;
    mixed = Math.imul(mixed, 0x9e3779b1) >>> 0;
  }
  mixed ^= mixed >>> 15;
  return mixed >>> 0;
}
