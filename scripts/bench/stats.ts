/** Small helpers for repeated measurements: best, spread, and the report table. */
export interface Measured {
  best: number;
  worst: number;
  runs: number[];
}

export function measured(runs: number[]): Measured {
  return { best: Math.min(...runs), worst: Math.max(...runs), runs };
}

/** (worst − best) / best, as a percentage: how much the repeats disagree. */
export function spread(value: Measured): string {
  return `±${Math.round(((value.worst - value.best) / value.best) * 100)}%`;
}

export interface Figure {
  name: string;
  measured: string;
  ratio: number | null;
  target: string;
  met: boolean | null;
  note?: string;
}

export function printFigures(figures: readonly Figure[]): void {
  const rows = [
    ['figure', 'measured', 'ratio', 'target', 'met'],
    ...figures.map((figure) => [
      figure.name,
      figure.measured,
      figure.ratio === null ? '–' : `${figure.ratio.toFixed(2)}×`,
      figure.target,
      figure.met === null ? '–' : figure.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  for (const figure of figures) if (figure.note) console.log(`  ${figure.name}: ${figure.note}`);
}

export async function bestOf(
  times: number,
  run: () => Promise<number> | number,
): Promise<Measured> {
  const runs: number[] = [];
  for (let index = 0; index < times; index += 1) runs.push(await run());
  return measured(runs);
}
