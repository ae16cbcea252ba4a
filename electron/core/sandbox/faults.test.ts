import { describe, expect, it } from 'vitest';

import { FaultPlan } from './faults.js';
import type { SandboxFaults } from './faults.js';

function draws(faults: SandboxFaults, times: number, random = () => 0.5): boolean[] {
  const plan = new FaultPlan(faults, random);
  return Array.from({ length: times }, () => plan.draw('systemError'));
}

describe('FaultPlan', () => {
  it.each<[string, SandboxFaults, boolean[]]>([
    ['no rule: never', {}, [false, false, false]],
    ['a count: the next calls, then never', { systemError: { count: 2 } }, [true, true, false]],
    ['probability 1: always', { systemError: { probability: 1 } }, [true, true, true]],
    ['probability 0: never', { systemError: { probability: 0 } }, [false, false, false]],
    ['probability below the draw: never', { systemError: { probability: 0.4 } }, [false, false]],
    ['probability above the draw: always', { systemError: { probability: 0.6 } }, [true, true]],
    [
      'a count, then the probability',
      { systemError: { count: 1, probability: 0.4 } },
      [true, false, false],
    ],
  ])('%s', (_, faults, expected) => {
    expect(draws(faults, expected.length)).toEqual(expected);
  });

  it.each<[string, SandboxFaults, RegExp]>([
    ['a negative count', { systemError: { count: -1 } }, /count/],
    ['a fractional count', { systemError: { count: 1.5 } }, /count/],
    ['a probability above 1', { dropConnection: { probability: 1.1 } }, /probability/],
    ['a partial failure without a fraction', { partialFailure: { fraction: 0 } }, /fraction/],
    ['a slow reply without a delay', { slowReply: { delayMs: -1 } }, /delayMs/],
  ])('refuses %s', (_, faults, message) => {
    expect(() => new FaultPlan(faults, Math.random)).toThrow(message);
  });
});
