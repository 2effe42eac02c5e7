// Typed access to the `agentTrail.*` settings (GitLens-style dotted paths checked against the Config shape).
import * as vscode from 'vscode';
import { normalizeSettings, type AgentTrailSettings } from './indexConfig';

export const configSection = 'agentTrail';

export type Config = AgentTrailSettings;

type Leaf = string | number | boolean | readonly unknown[];
type Path<T> = {
  [K in keyof T & string]: T[K] extends Leaf ? K : K | `${K}.${Path<T[K]>}`;
}[keyof T & string];
type PathValue<T, P extends string> = P extends `${infer K}.${infer Rest}`
  ? K extends keyof T
    ? PathValue<T[K], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

export type ConfigPath = Path<Config>;
export type ConfigPathValue<P extends ConfigPath> = PathValue<Config, P>;

/** The raw value VS Code holds (defaults come from package.json); prefer `read()` for validated values. */
export function get<P extends ConfigPath>(path: P): ConfigPathValue<P> | undefined {
  return vscode.workspace.getConfiguration(configSection).get<ConfigPathValue<P>>(path);
}

/** All settings, validated: wrong types fall back to the defaults. */
export function read(): Config {
  const cfg = vscode.workspace.getConfiguration(configSection);
  return normalizeSettings((path) => cfg.get<unknown>(path));
}

/**
 * Whether a change event touches any of the sections. `changed(undefined, …)` is true so that a component can run
 * its configuration handler once at startup with no event.
 */
export function changed(e: vscode.ConfigurationChangeEvent | undefined, section: ConfigPath | ConfigPath[]): boolean {
  if (e === undefined) {
    return true;
  }
  const sections = Array.isArray(section) ? section : [section];
  return sections.some((s) => e.affectsConfiguration(`${configSection}.${s}`));
}

/** `agentTrail.sources.codex.folders` for a link or `workbench.action.openSettings`. */
export function settingId(path: ConfigPath): string {
  return `${configSection}.${path}`;
}
