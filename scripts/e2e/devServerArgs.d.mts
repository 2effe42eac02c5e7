// Types for the TypeScript tests of devServerArgs.mjs (the scripts run as plain Node ES modules).
export interface DevServerArgs {
  folder: string;
  port: number | undefined;
  home: string | undefined;
  help?: boolean;
}

export function parseArgs(argv: readonly string[]): DevServerArgs;
