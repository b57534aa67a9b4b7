import * as core from '@actions/core';
import { StateKeys } from '../github/constants.js';
import type { WrittenFile } from './credentials-file.js';

/**
 * Carries what the main step wrote to the post step (the runner passes it as STATE_* variables):
 * per file, the sections and the line that proves each one ours. No secret goes in it; an
 * access key id is not one (it names credentials, it cannot sign with them).
 */
export function saveWrittenFiles(files: readonly WrittenFile[]): void {
  core.saveState(StateKeys.WrittenFiles, JSON.stringify(files));
}

/** What the main step wrote; empty when it wrote nothing (or failed before doing so). */
export function loadWrittenFiles(): WrittenFile[] {
  const text = core.getState(StateKeys.WrittenFiles);
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  return Array.isArray(parsed) ? parsed.filter(isWrittenFile) : [];
}

function isWrittenFile(value: unknown): value is WrittenFile {
  const file = value as Partial<Record<keyof WrittenFile, unknown>> | null;
  return (
    typeof file?.file === 'string' &&
    typeof file.createdFile === 'boolean' &&
    typeof file.addedNewline === 'boolean' &&
    Array.isArray(file.sections) &&
    file.sections.every(
      (section: { name?: unknown; ownerLine?: unknown } | null) =>
        typeof section?.name === 'string' && typeof section.ownerLine === 'string',
    )
  );
}
