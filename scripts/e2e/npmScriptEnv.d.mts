// Types for the TypeScript tests of npmScriptEnv.mjs (the scripts run as plain Node ES modules).
export declare function withoutNpmScriptEnv(env: Record<string, string | undefined>): Record<string, string>;
