/** `sandbox`: run the local SCRM emulator until Ctrl-C, printing how to reach it. */
import path from 'node:path';

import { DEFAULT_RATE } from '../../../shared/settings.js';
import { startSandbox } from '../../core/sandbox/sandbox.js';
import { type CliContext, CliError } from '../cli-context.js';
import { rateFromOptions } from './upload-command.js';

export async function sandboxCommand(ctx: CliContext): Promise<number> {
  const port = ctx.values['port'] === undefined ? 0 : Number(ctx.values['port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError('--port takes a port number (0 picks a free one).', 2);
  const rate = rateFromOptions(ctx, DEFAULT_RATE);
  const dataFile =
    typeof ctx.values['data'] === 'string' ? path.resolve(ctx.values['data']) : undefined;
  const sandbox = await startSandbox({ port, rate, ...(dataFile ? { dataFile } : {}) });
  const { credentials } = sandbox;
  if (ctx.json) {
    ctx.printJson({ url: sandbox.url, ...credentials, rate });
  } else {
    ctx.out(
      `Sandbox SCRM listening on ${sandbox.url} (${rate.calls} calls per ${rate.windowSeconds} s). Press Ctrl-C to stop.`,
    );
    ctx.out('Use it from another terminal with:');
    ctx.out(`  export DUSTESS_BASE_URL=${credentials.baseUrl}`);
    ctx.out(`  export DUSTESS_CLIENT_ID=${credentials.clientId}`);
    ctx.out(`  export DUSTESS_CLIENT_SECRET=${credentials.clientSecret}`);
    ctx.out(`  export DUSTESS_TOKEN=${credentials.token}`);
    ctx.out(`  export DUSTESS_AES_KEY=${credentials.encodingAesKey}`);
    ctx.out(`  export DUSTESS_RECEIVE_ID=${credentials.receiveId}`);
    ctx.out(`What arrived: ${sandbox.url}/__sandbox/status`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const stats = sandbox.stats();
  await sandbox.close();
  if (!ctx.json)
    ctx.err(`Sandbox stopped: ${stats.storedMessages} messages kept from ${stats.calls} calls.`);
  return 0;
}
