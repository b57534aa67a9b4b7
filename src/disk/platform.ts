/**
 * Whether a file's mode bits decide who may read it. Not on Windows: there Node's chmod only sets
 * or clears the read-only attribute (a mode without the owner's write bit), stat reports 0666, or
 * 0444 for a read-only file, whatever the access control list says, and a file is protected by
 * the ACL it inherits from its directory (the user profile, RUNNER_TEMP). docs/security.md says
 * what 0600 becomes there.
 */
export function modeBitsProtect(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

/**
 * How a message says that a file only its owner can read is kept so: its mode, or on Windows
 * (which has no such modes) the access list of the folder it is in.
 */
export function privateFileWording(platform: NodeJS.Platform = process.platform): string {
  return modeBitsProtect(platform)
    ? 'mode 0600'
    : 'no file modes on Windows: as private as the folder it is in';
}
