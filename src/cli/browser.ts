import { spawn } from 'node:child_process';

/**
 * Opening a URL in the person's browser, as the AWS CLI does through Python's `webbrowser`:
 * the commands in BROWSER first (colon-separated; `%s` stands for the URL, else it is appended),
 * then the platform's opener. No shell is involved, so nothing in the URL is interpreted.
 */

export type BrowserCommand = readonly [program: string, ...args: string[]];

export interface OpenResult {
  readonly opened: boolean;
  /** Why not, in a few words, when nothing could be opened. */
  readonly reason?: string;
}

/** How long a command may take to fail before it is taken to be a browser that stays open. */
export const OPENER_GRACE_MS = 5_000;

/** Splits one BROWSER entry into words; single and double quotes group, as in a shell. */
export function splitCommand(entry: string): string[] {
  const words: string[] = [];
  for (const [, double, single, bare] of entry.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    words.push(double ?? single ?? bare ?? '');
  }
  return words;
}

/** A command line with the URL put where `%s` is, or appended when there is no `%s`. */
export function withUrl(words: readonly string[], url: string): BrowserCommand | undefined {
  const [program, ...args] = words;
  if (!program) return undefined;
  if (!args.some((arg) => arg.includes('%s'))) return [program, ...args, url];
  return [program, ...args.map((arg) => arg.replaceAll('%s', url))];
}

/** Signed in over SSH: the machine's own screen, if it has one, is not the person's. */
function overSsh(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY);
}

/**
 * The platform's own opener. macOS and Windows always have one, except over SSH, where it would
 * open the page on the remote machine's screen. Linux has one with a display (X11, Wayland,
 * forwarded X over SSH) or under WSL outside SSH; without, xdg-open would pick a text browser.
 */
export function platformCommands(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[][] {
  const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  if (platform === 'darwin') return overSsh(env) ? [] : [['open']];
  // rundll32 takes the URL as one argument; `cmd /c start` would read its & as a command separator.
  if (platform === 'win32')
    return overSsh(env) ? [] : [['rundll32', 'url.dll,FileProtocolHandler']];
  const wsl = Boolean(env.WSL_DISTRO_NAME) && !overSsh(env);
  if (!display && !wsl) return [];
  return [['xdg-open'], ...(wsl ? [['wslview']] : [])];
}

/** Whether any command could open a browser here: BROWSER is set, or the platform has an opener. */
export function canOpenBrowser(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): boolean {
  return browserCommands('about:blank', env, platform).length > 0;
}

/** Why no browser can be opened here, for a sentence: "(…)". */
export const NO_BROWSER_REASON = 'no display, and BROWSER is not set';

/** Every command to try, in order: BROWSER's entries, then the platform's. */
export function browserCommands(
  url: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): BrowserCommand[] {
  const separator = platform === 'win32' ? ';' : ':';
  const chosen = (env.BROWSER ?? '').split(separator).filter((entry) => entry.trim() !== '');
  const entries = [...chosen.map(splitCommand), ...platformCommands(platform, env)];
  return entries.flatMap((words) => {
    const command = withUrl(words, url);
    return command ? [command] : [];
  });
}

/**
 * Starts the first command that works. A command that exits 0, or is still running after the
 * grace period (a browser in the foreground), counts as opened; it is left running on its own.
 */
export async function openBrowser(
  url: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  graceMs: number = OPENER_GRACE_MS,
): Promise<OpenResult> {
  const commands = browserCommands(url, env, platform);
  if (commands.length === 0) {
    return { opened: false, reason: NO_BROWSER_REASON };
  }
  const reasons: string[] = [];
  for (const command of commands) {
    const failure = await tryCommand(command, env, graceMs);
    if (failure === undefined) return { opened: true };
    reasons.push(`${command[0]}: ${failure}`);
  }
  return { opened: false, reason: reasons.join('; ') };
}

/** undefined when the command opened the page; else why not. */
function tryCommand(
  [program, ...args]: BrowserCommand,
  env: NodeJS.ProcessEnv,
  graceMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    // Its own process group and no stdio: a browser's chatter stays off the terminal, and it
    // outlives this command.
    const child = spawn(program, args, { env, stdio: 'ignore', detached: true });
    // Neither keeps this process alive: it ends when the sign-in is done, whatever the browser does.
    child.unref();
    const timer = setTimeout(() => resolve(undefined), graceMs);
    timer.unref();
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ENOENT' ? 'not found' : (error.code ?? 'could not be started'));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : signal ? `ended by ${signal}` : `exit status ${code}`);
    });
  });
}
