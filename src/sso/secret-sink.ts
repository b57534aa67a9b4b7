/**
 * Receives every secret value the moment it is known, before anything could print it. The
 * action masks through the runner; the CLI keeps its own registry.
 */
export type SecretSink = (secret: string) => void;
