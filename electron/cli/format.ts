/** Numbers, times and tables for people reading a terminal. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function localTime(ms: number): string {
  if (!ms) return '(unknown time)';
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/**
 * Control characters from export data (escape sequences, new lines) would drive the
 * terminal; they are shown as a visible replacement instead.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, '\ufffd');
}

export function table(rawRows: readonly (readonly string[])[]): string {
  const rows = rawRows.map((row) => row.map(printable));
  const widths: number[] = [];
  for (const row of rows)
    row.forEach(
      (cell, index) => (widths[index] = Math.max(widths[index] ?? 0, displayWidth(cell))),
    );
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell + ' '.repeat((widths[index] ?? 0) - displayWidth(cell)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** CJK characters take two columns in a terminal. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

/**
 * A progress line that rewrites itself on a terminal. When stderr is not a terminal (a script,
 * a log file), progress is printed only with --verbose, every few seconds, so that a script
 * sees nothing on stderr but the one sentence of an error.
 */
export function progressPrinter(
  stream: NodeJS.WriteStream,
  options: { verbose?: boolean } = {},
): { update(text: string): void; done(): void } {
  // Quick jobs finish before anyone would read a progress line.
  const quietUntil = Date.now() + 1000;
  let lastPrinted = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now < quietUntil) return;
      if (stream.isTTY) {
        if (now - lastPrinted < 100) return;
        stream.write(`\r\x1b[2K${text}`);
        shown = true;
      } else if (options.verbose && now - lastPrinted >= 5000) {
        stream.write(`${text}\n`);
      } else {
        return;
      }
      lastPrinted = now;
    },
    done() {
      if (shown) stream.write('\n');
      shown = false;
    },
  };
}
