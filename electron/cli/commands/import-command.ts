/** `import <file...>`: stream, normalize, validate and store; print a summary. */
import type { ImportProgress } from '../../../shared/ipc/imports.js';
import { type CliContext, CliError } from '../cli-context.js';
import { count, duration, progressPrinter } from '../format.js';

/** --json lists problems up to this many; the rest are counted in problemsOmitted. */
const MAX_JSON_PROBLEMS = 10_000;

export async function importCommand(ctx: CliContext): Promise<number> {
  if (ctx.positionals.length === 0)
    throw new CliError('Name at least one export file to import, e.g. `import export.jsonl`.', 2);
  const service = ctx.openService();
  try {
    const progress = progressPrinter(process.stderr, { verbose: ctx.verbose });
    const started = Date.now();
    const onProgress = (event: ImportProgress) => {
      if (ctx.json) return;
      const percent = event.bytesTotal
        ? Math.floor((event.bytesRead / event.bytesTotal) * 100)
        : 100;
      const eta = event.etaSeconds === null ? '' : `, about ${duration(event.etaSeconds)} left`;
      progress.update(
        `Importing ${event.file} (${event.fileIndex + 1}/${event.fileCount}): ${percent}%, ${count(event.records)} records, ${count(event.recordsPerSecond)}/s${eta}`,
      );
    };
    service.events.on('import:progress', onProgress);
    const outcomes = await service.importAndWait(ctx.positionals);
    progress.done();
    service.events.off('import:progress', onProgress);

    const ids = outcomes.flatMap((outcome) =>
      outcome.importId === null ? [] : [outcome.importId],
    );
    const summary = service.importSummary(ids);
    const byType: Record<string, number> = {};
    for (const outcome of outcomes)
      for (const [type, n] of Object.entries(outcome.byType))
        byType[type] = (byType[type] ?? 0) + n;
    const placeholders = ids.map(() => '?').join(', ') || 'NULL';
    const problems = service.db
      .prepare(
        `SELECT i.path AS file, p.line, p.msgid, p.path, p.text AS message, p.severity FROM problems p
         JOIN imports i ON i.id = p.import_id WHERE p.import_id IN (${placeholders})
         ORDER BY p.import_id, p.line, p.id LIMIT ?`,
      )
      .all(...ids, MAX_JSON_PROBLEMS + 1) as {
      file: string;
      line: number;
      msgid: string | null;
      path: string;
      message: string;
      severity: string;
    }[];
    const failedFiles = outcomes.filter((outcome) => outcome.state === 'failed' || outcome.error);

    if (ctx.json) {
      const problemCount = service.db
        .prepare(`SELECT count(*) FROM problems WHERE import_id IN (${placeholders})`)
        .pluck()
        .get(...ids) as number;
      ctx.printJson({
        total: summary.total,
        valid: summary.valid,
        invalid: summary.invalid,
        duplicates: summary.duplicates,
        unsupported: summary.unsupported,
        conflicts: summary.conflicts,
        excluded: summary.excluded,
        byType,
        problems: problems.slice(0, MAX_JSON_PROBLEMS),
        problemsOmitted: Math.max(0, problemCount - MAX_JSON_PROBLEMS),
        files: outcomes.map((outcome) => ({
          file: outcome.file,
          importId: outcome.importId,
          state: outcome.state,
          error: outcome.error,
          resumed: outcome.resumed,
        })),
      });
    } else {
      for (const outcome of outcomes) {
        const how = outcome.resumed ? ' (resumed where it stopped)' : '';
        ctx.out(
          `${outcome.file}: ${outcome.state}${how}, ${count(outcome.counters.records)} records, ${count(outcome.counters.stored)} new messages.`,
        );
      }
      ctx.out(
        `Total ${count(summary.total)}: ${count(summary.valid)} valid, ${count(summary.invalid)} invalid, ${count(summary.unsupported)} unsupported, ${count(summary.duplicates)} duplicates, ${count(summary.conflicts)} conflicts; ${count(summary.excluded)} after the cutoff. (${duration((Date.now() - started) / 1000)})`,
      );
      // A group is one kind of problem (its code); each sample says its own sentence.
      for (const group of summary.problemGroups.slice(0, 12)) {
        ctx.out(
          `  ${group.severity === 'error' ? 'error' : 'warning'} ×${count(group.count)} ${group.code}:`,
        );
        for (const sample of group.samples.slice(0, 3)) {
          const where = `${sample.file}:${sample.line}${sample.msgid ? ` (${sample.msgid})` : ''}`;
          ctx.out(`      ${where}: ${sample.message}`);
        }
      }
    }
    for (const file of failedFiles) ctx.err(file.error!);
    // A file that could not be read to its end is an error even if part of it was imported.
    return failedFiles.length > 0 ? 1 : 0;
  } finally {
    await service.close();
  }
}
