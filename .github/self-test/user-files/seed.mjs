// Main step: the user's own ~/.aws files (see files.mjs). Never overwrites a file that is there.
import { mkdirSync, writeFileSync } from 'node:fs';
import { sharedFiles, USER_CONFIG, USER_CREDENTIALS } from './files.mjs';

const files = sharedFiles();
mkdirSync(files.directory, { recursive: true });
writeFileSync(files.credentials, USER_CREDENTIALS, { flag: 'wx' });
writeFileSync(files.config, USER_CONFIG, { flag: 'wx' });
console.log(`Wrote the user's own ${files.credentials} and ${files.config}.`);
