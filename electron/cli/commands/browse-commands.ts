/** `status`, `list` and `failed`: what is in the store. */
import type { MessageFilter } from '../../../shared/ipc/messages.js';
import { MESSAGE_STATUSES, type MessageStatus } from '../../../shared/messages/status.js';
import { type CliContext, CliError } from '../cli-context.js';
import { count, localTime, table } from '../format.js';

export async function statusCommand(ctx: CliContext): Promise<number> {
  const service = ctx.openService({ mustExist: true });
  try {
    const facets = service.facets({});
    if (ctx.json) {
      ctx.printJson({ total: facets.total, byStatus: facets.byStatus, byType: facets.byType });
      return 0;
    }
    ctx.out(`${count(facets.total)} messages in ${ctx.db}`);
    ctx.out(
      table(
        MESSAGE_STATUSES.filter((status) => facets.byStatus[status]).map((status) => [
          status,
          count(facets.byStatus[status]!),
        ]),
      ),
    );
    ctx.out('');
    ctx.out(
      table(
        Object.entries(facets.byType)
          .sort((a, b) => b[1] - a[1])
          .map(([type, n]) => [type, count(n)]),
      ),
    );
    return 0;
  } finally {
    await service.close();
  }
}

function listOf(value: unknown): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

export function integerOption(
  ctx: CliContext,
  name: string,
  fallback: number,
  max: number,
): number {
  const raw = ctx.values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new CliError(`--${name} needs a whole number from 0 to ${max}.`, 2);
  return value;
}

export function filterFromOptions(ctx: CliContext): MessageFilter {
  const statuses = listOf(ctx.values['status']);
  const unknown = statuses.filter(
    (status) => !(MESSAGE_STATUSES as readonly string[]).includes(status),
  );
  if (unknown.length)
    throw new CliError(
      `Unknown status ${unknown.join(', ')}; use one of ${MESSAGE_STATUSES.join(', ')}.`,
      2,
    );
  const filter: MessageFilter = {};
  const types = listOf(ctx.values['type']);
  if (types.length) filter.msgtypes = types;
  if (statuses.length) filter.statuses = statuses as MessageStatus[];
  if (typeof ctx.values['search'] === 'string') filter.text = ctx.values['search'];
  if (typeof ctx.values['sender'] === 'string') filter.sender = ctx.values['sender'];
  if (typeof ctx.values['room'] === 'string') filter.room = ctx.values['room'];
  return filter;
}

export async function listCommand(ctx: CliContext): Promise<number> {
  const filter = filterFromOptions(ctx);
  const limit = integerOption(ctx, 'limit', 20, 1000);
  const offset = integerOption(ctx, 'offset', 0, 100_000_000);
  const service = ctx.openService({ mustExist: true });
  try {
    const rows = service.queryMessages(filter, 'oldest', offset, limit);
    const total = service.countMessages(filter);
    if (ctx.json) {
      ctx.printJson({ total, offset, messages: rows });
      return 0;
    }
    ctx.out(
      table([
        ['time', 'type', 'sender', 'room', 'status', 'msgid', 'preview'],
        ...rows.map((row) => [
          localTime(row.msgtime),
          row.msgtype,
          row.sender,
          row.room || '-',
          row.status,
          row.msgid,
          row.preview.slice(0, 40),
        ]),
      ]),
    );
    ctx.out(
      rows.length === 0
        ? `No messages from ${count(offset + 1)} on; ${count(total)} match.`
        : `${count(offset + 1)}–${count(offset + rows.length)} of ${count(total)}`,
    );
    return 0;
  } finally {
    await service.close();
  }
}

export async function failedCommand(ctx: CliContext): Promise<number> {
  const limit = integerOption(ctx, 'limit', 100, 100_000);
  const service = ctx.openService({ mustExist: true });
  try {
    const groups = service.failedGroups();
    const rows = service.queryMessages({ statuses: ['failed'] }, 'oldest', 0, limit);
    if (ctx.json) {
      ctx.printJson({
        total: groups.total,
        groups: groups.groups,
        messages: rows.map((row) => ({
          msgid: row.msgid,
          msgtype: row.msgtype,
          msgtime: row.msgtime,
          attempts: row.attempts,
          reason: row.lastError,
        })),
      });
      return 0;
    }
    if (groups.total === 0) {
      ctx.out('No failed messages.');
      return 0;
    }
    ctx.out(`${count(groups.total)} failed messages:`);
    for (const group of groups.groups) ctx.out(`  ×${count(group.count)}  ${group.reason}`);
    ctx.out('');
    ctx.out(
      table([
        ['msgid', 'type', 'attempts', 'reason'],
        ...rows.map((row) => [row.msgid, row.msgtype, String(row.attempts), row.lastError ?? '']),
      ]),
    );
    return 0;
  } finally {
    await service.close();
  }
}
