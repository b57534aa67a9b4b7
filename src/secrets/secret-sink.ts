/**
 * Receives every secret value the moment it is known, before anything could print it. The
 * action masks through the runner, the CLI scrubs its stderr; both front ends also remember each
 * secret in the process's one registry (src/secrets/known-secrets.ts), which every echoed text
 * consults on its raw form, before it is rewritten, so that no secret is altered past recognition.
 */
export type SecretSink = (secret: string) => void;
