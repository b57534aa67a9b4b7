/**
 * Runs `work` while process.platform says `platform`, then puts it back: the code under test asks
 * process.platform where Windows differs (modes that protect nothing), and these runs show what
 * it then does, on any machine. Only what the code decides changes; the file system stays Linux's.
 */
export async function whilePlatformIs<T>(
  platform: NodeJS.Platform,
  work: () => Promise<T>,
): Promise<T> {
  const real = Object.getOwnPropertyDescriptor(process, 'platform');
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
  try {
    return await work();
  } finally {
    if (real) Object.defineProperty(process, 'platform', real);
  }
}
