import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleLimit } from './limits.js';

/** The JavaScript files of one bundle folder, with their sizes in bytes. */
export function bundleFiles(dir: string): { file: string; bytes: number }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => ({ file, bytes: statSync(join(dir, file)).size }));
}

/** The bytes a limit is about: index.js alone (`start-up`) or every JavaScript file (`all`). */
export function measuredBytes(distDir: string, limit: BundleLimit): number {
  const files = bundleFiles(join(distDir, limit.name));
  const counted = limit.measure === 'start-up' ? files.filter((f) => f.file === 'index.js') : files;
  return counted.reduce((sum, { bytes }) => sum + bytes, 0);
}
