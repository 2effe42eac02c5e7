// Types for the TypeScript tests of failureSummary.mjs (the scripts run as plain Node ES modules).
export declare function explainFailure(output: { stdout?: string | null; stderr?: string | null }): string[];
