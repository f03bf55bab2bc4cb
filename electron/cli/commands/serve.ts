import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { badInput } from '../../engine/errors';
import { AppService } from '../../host/app-service';
import { isLoopback } from '../../server/request-guard';
import { AllowedDirs } from '../../server/allowed-dirs';
import { defaultAllowedDirs, startServer } from '../../server/server';
import { runCommand } from '../run-command';

type ServeFlags = { port: string; host: string; open: boolean; allowDir: string[] };

/** dist/renderer of this installation (beside package.json), from dist/ and from sources alike. */
export function rendererDir(from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'renderer');
  }
  return join(from, '..', '..', '..', 'renderer');
}

function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined); // no browser here (a headless box): the printed URL is enough
    child.unref();
  } catch {
    // same as above
  }
}

async function serve(flags: ServeFlags): Promise<void> {
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535) throw badInput(`--port ${flags.port}: give a port number 0 to 65535 (0 picks a free one)`);
  if (!isLoopback(flags.host)) {
    process.stderr.write(`infermeter: warning: --host ${flags.host} is not loopback: anyone who can reach this address and learns the URL's token can run models on this machine. Prefer an SSH tunnel to 127.0.0.1.\n`);
  }
  // Checked before anything starts, so a mistyped folder is one clear error.
  const allowedDirs = new AllowedDirs(flags.allowDir.length > 0 ? flags.allowDir : defaultAllowedDirs()).dirs;
  const service = new AppService();
  const server = await startServer({ host: flags.host, port, staticDir: rendererDir(), service, allowedDirs }).catch((error: NodeJS.ErrnoException) => {
    service.close();
    throw badInput(`--host ${flags.host} --port ${flags.port}: cannot listen there (${error.code ?? error.message})`);
  });
  // Ctrl-C is handled from before the URL is printed: whoever reads the URL may stop the server at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write('infermeter: stopping\n');
      service.close();
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write(`infermeter: model files and conversion outputs are limited to: ${allowedDirs.join(', ')} (and built-in models)\n`);
  process.stdout.write(`${server.url}\n`);
  process.stderr.write('infermeter: serving the UI; open the URL above (the token is required). Ctrl-C to stop.\n');
  if (flags.open) openBrowser(server.url);
  await stopped;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the app in a browser on this machine (127.0.0.1 by default), behind a random token.')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <address>', 'address to bind; anything but loopback exposes the machine', '127.0.0.1')
    .option('--allow-dir <folder>', 'a folder whose files clients may open and write (repeatable; default: the current directory and the model cache)', (dir: string, dirs: string[]) => [...dirs, dir], [] as string[])
    .option('--no-open', 'do not open a browser')
    .action((flags: ServeFlags) => runCommand(() => serve(flags)));
}
