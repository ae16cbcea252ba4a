/** `upload`: send every eligible message, resuming what was left. */
import {
  type Credentials,
  credentialsSchema,
  parseRate,
  type Rate,
} from '../../../shared/settings.js';
import { UnsafeBaseUrlError } from '../../core/api/api-errors.js';
import { checkBaseUrl } from '../../core/api/base-url.js';
import type { ArchiveService } from '../../core/service/archive-service.js';
import { type CliContext, CliError } from '../cli-context.js';
import { count, duration, localTime, progressPrinter } from '../format.js';
import { integerOption } from './browse-commands.js';

const CREDENTIAL_SOURCES: ReadonlyArray<[keyof Credentials, string, string]> = [
  ['baseUrl', 'base-url', 'DUSTESS_BASE_URL'],
  ['clientId', 'client-id', 'DUSTESS_CLIENT_ID'],
  ['clientSecret', 'client-secret', 'DUSTESS_CLIENT_SECRET'],
  ['token', 'token', 'DUSTESS_TOKEN'],
  ['encodingAesKey', 'aes-key', 'DUSTESS_AES_KEY'],
  ['receiveId', 'receive-id', 'DUSTESS_RECEIVE_ID'],
];

export function credentialsFromOptions(ctx: CliContext): Credentials {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, flag, variable] of CREDENTIAL_SOURCES) {
    const value = ctx.values[flag] ?? ctx.env[variable];
    if (typeof value === 'string') values[key] = value;
    else if (key !== 'receiveId') missing.push(`--${flag} (or ${variable})`);
  }
  values['receiveId'] ??= '';
  if (missing.length === CREDENTIAL_SOURCES.length - 1) {
    throw new CliError(
      'No SCRM credentials were given. Pass --base-url, --client-id, --client-secret, --token, --aes-key and --receive-id (or the DUSTESS_* variables); to try the app without any, run `demo`, or run `sandbox` and use what it prints.',
      2,
    );
  }
  if (missing.length) throw new CliError(`Missing ${missing.join(', ')}.`, 2);
  try {
    checkBaseUrl(values['baseUrl'] ?? '');
  } catch (error) {
    if (error instanceof UnsafeBaseUrlError) throw new CliError(error.message, 2);
    throw error;
  }
  const parsed = credentialsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`The ${String(issue.path[0])} given is not usable: ${issue.message}.`, 2);
  }
  return parsed.data;
}

export function rateFromOptions(ctx: CliContext, fallback: Rate): Rate {
  const raw = ctx.values['rate'];
  if (raw === undefined) return fallback;
  const rate = parseRate(String(raw));
  if (!rate) throw new CliError('--rate takes CALLS/SECONDS, e.g. 10/60.', 2);
  return rate;
}

export function applyCutoffOption(ctx: CliContext, service: ArchiveService): void {
  const raw = ctx.values['cutoff'];
  if (raw === undefined) return;
  const at = Date.parse(String(raw));
  if (Number.isNaN(at))
    throw new CliError('--cutoff takes an ISO-8601 moment, e.g. 2024-05-01T00:00:00+08:00.', 2);
  service.saveSettings({ settings: { cutoff: at } });
}

export async function runUpload(
  ctx: CliContext,
  service: ArchiveService,
  credentials: Credentials,
  rate: Rate,
): Promise<number> {
  applyCutoffOption(ctx, service);
  const settings = service.publicSettings();
  if (settings.cutoff === null && !ctx.json) {
    ctx.err(
      "Note: no cutoff is set. If Dustess's own archive sync is switched on, pass --cutoff with the moment it was switched on: messages from after it must not be uploaded.",
    );
  } else if (settings.cutoff !== null && !ctx.json) {
    ctx.err(`Messages at or after ${localTime(settings.cutoff)} are kept out (cutoff).`);
  }
  const maxCalls =
    ctx.values['limit'] === undefined ? undefined : integerOption(ctx, 'limit', 0, 1_000_000);
  const progress = progressPrinter(process.stderr, { verbose: ctx.verbose });
  service.events.on('upload:state', (state) => {
    if (ctx.json) return;
    const next = state.nextCallAt
      ? `, next call in ${Math.max(0, Math.ceil((state.nextCallAt - Date.now()) / 1000))} s`
      : '';
    const eta = state.etaSeconds === null ? '' : `, about ${duration(state.etaSeconds)} left`;
    progress.update(
      `Uploading: ${count(state.uploaded)} uploaded, ${count(state.failed)} failed, ${count(state.remaining)} to go, ${state.callsInWindow}/${state.rate.calls} calls in the window${next}${eta}`,
    );
  });
  // Ctrl-C asks the upload to stop after the call in flight, so that its batch is settled
  // rather than sent again by the next run; a second Ctrl-C stops at once.
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    if (!ctx.json) ctx.err('Stopping after the call in flight… (Ctrl-C again to stop at once)');
    service.cancelUpload();
  };
  process.on('SIGINT', onInterrupt);
  let result;
  try {
    result = await service.uploadAndWait({
      credentials,
      rate,
      ...(maxCalls !== undefined ? { maxCalls } : {}),
      includeAfterCutoff: ctx.values['include-after-cutoff'] === true,
    });
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  progress.done();
  if (ctx.json) {
    ctx.printJson({
      calls: result.calls,
      uploaded: result.uploaded,
      failed: result.failed,
      remaining: result.remaining,
      ending: result.ending,
      note: result.note,
    });
  } else {
    ctx.out(
      `${count(result.calls)} calls: ${count(result.uploaded)} uploaded, ${count(result.failed)} failed, ${count(result.remaining)} remaining.`,
    );
  }
  const stopped = result.ending === 'stopped' || result.ending === 'paused-after-failures';
  // Why a run stopped is an error's sentence: stderr, whatever the output format.
  if (result.note) (stopped ? ctx.err : ctx.json ? () => {} : ctx.out)(result.note);
  return stopped ? 1 : interrupted ? 130 : 0;
}

export async function uploadCommand(ctx: CliContext): Promise<number> {
  const credentials = credentialsFromOptions(ctx);
  const service = ctx.openService({ mustExist: true });
  try {
    return await runUpload(
      ctx,
      service,
      credentials,
      rateFromOptions(ctx, service.publicSettings().rate),
    );
  } finally {
    await service.close();
  }
}
