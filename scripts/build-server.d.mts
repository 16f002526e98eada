/** Compiles src/ to build/; with `ifStale`, only when a source file changed since the last build. */
export function buildServer(options?: { ifStale?: boolean }): Promise<boolean>;
