import { randomBytes } from 'node:crypto';
import { byCount } from '../shared/plural.js';
import {
  CREDENTIAL_SOURCE_KEYS,
  configFilePath,
  configSections,
  setsKey,
  type WrittenFile,
} from './credentials-file.js';
import type { SharedFileEdit } from './shared-files.js';

/**
 * The config file's part of writing profiles: the region when there is one, and the keys that
 * would send a profile's credentials elsewhere set aside (CREDENTIAL_SOURCE_KEYS). A profile whose
 * config section the AWS CLI reads as SSO or an assumed role would otherwise ignore the
 * credentials this step wrote, while the log said they were written.
 */
export function configFileEdit(profiles: readonly string[], region?: string): SharedFileEdit {
  // Random per step: the post step takes back only the sections that carry it.
  const stepId = randomBytes(6).toString('hex');
  return {
    file: configFilePath(),
    sections: profiles.flatMap((profile) => configSections(profile, region, stepId)),
    credentials: false,
    // Without a region there is nothing to add: only a real file can hold keys to set aside.
    ...(region ? {} : { onlyRegularFile: true }),
  };
}

/** One warning per section whose credential-source keys the write set aside, naming them. */
export function setAsideWarnings(file: WrittenFile): string[] {
  return file.sections.flatMap(({ name, replaced }) => {
    const keys = setAsideKeys(replaced ?? []);
    if (keys.length === 0) return [];
    const they = byCount(keys.length, 'it', 'them');
    return [
      `[${name}] in ${file.file} sets ${keys.join(', ')}, which the AWS tools would use instead of the credentials this step wrote: set aside for this job; the post step puts ${they} back.`,
    ];
  });
}

/** The credential-source keys the replaced text set, each once, in file order, lower case. */
function setAsideKeys(replaced: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const line of replaced.join('').split(/\r?\n/)) {
    if (!setsKey(line, CREDENTIAL_SOURCE_KEYS)) continue;
    keys.add((/^\s*([^=:\s]+)/.exec(line)?.[1] ?? '').toLowerCase());
  }
  return [...keys];
}
