import * as core from '@actions/core';
import { StateKeys } from './constants.js';
import type { WrittenProfile } from './credentials-file.js';

/** Carries what the main step wrote to the post step (the runner passes it as STATE_* variables). */
export function saveWrittenProfile(written: WrittenProfile): void {
  core.saveState(StateKeys.ProfileName, written.profile);
  core.saveState(StateKeys.CredentialsFile, written.file);
  core.saveState(StateKeys.AccessKeyId, written.accessKeyId);
  core.saveState(StateKeys.CreatedFile, String(written.createdFile));
  core.saveState(StateKeys.AddedNewline, String(written.addedNewline));
}

/** What the main step wrote, or undefined when it wrote no profile (or failed before doing so). */
export function loadWrittenProfile(): WrittenProfile | undefined {
  const profile = core.getState(StateKeys.ProfileName);
  const file = core.getState(StateKeys.CredentialsFile);
  const accessKeyId = core.getState(StateKeys.AccessKeyId);
  if (!profile || !file || !accessKeyId) return undefined;
  return {
    profile,
    file,
    accessKeyId,
    createdFile: core.getState(StateKeys.CreatedFile) === 'true',
    addedNewline: core.getState(StateKeys.AddedNewline) === 'true',
  };
}
