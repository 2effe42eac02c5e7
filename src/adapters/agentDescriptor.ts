// What the product knows about one agent, in one place: everything agent-specific outside its adapter folder
// (settings, the Sessions view's filter and icons, blame's agent list, CLI flags, the index's sources and watched
// folders) is derived from these descriptors (agentRegistry.ts), so adding an agent is its folder plus one line there.
import type { AgentId } from '../core/model';
import type { AgentAdapter } from './adapter';

/** Which folders under an agent's data root can hold transcripts, and which changed names there matter. */
export interface WatchScope {
  /** Folder at these segments below the root may hold transcripts (or folders that do). */
  descend(segments: string[]): boolean;
  /**
   * What a change to the name at these segments below the root may be: a transcript (read it, or find out once
   * whether it belongs), a file that says which project a folder is (discovery must look again every time), or
   * nothing the index reads (undefined).
   */
  relevant(segments: string[]): 'transcript' | 'layout' | undefined;
  /**
   * The source a changed transcript-relevant path belongs to, when that is another file: a database's `-wal` (and
   * `-journal`) change means the database changed. Default: the path itself.
   */
  sourceOf?(path: string): string;
}

export interface AgentDescriptor {
  readonly id: AgentId;
  /** As users know it: "Claude Code". */
  readonly label: string;
  /** Its settings: `agentTrail.sources.<settingKey>.enabled` and `.folders` (camelCase). */
  readonly settingKey: string;
  /** Its CLI flags: `--<cliName>-dir DIR` and `--no-<cliName>` (lower case, no spaces). */
  readonly cliName: string;
  /** The Sessions view's icon for its sessions: a codicon and a theme color id. */
  readonly icon: { readonly codicon: string; readonly color: string };
  /** Markdown naming the default data folders, for the folders setting: "`$CODEX_HOME` when it is set, otherwise `~/.codex`". */
  readonly defaultFolders: string;
  /**
   * For an agent that records no time per prompt or step: what the times shown for its sessions are instead (e.g. a
   * file's modification time, a bound), said next to them in the timeline and `agent-trail show`. Absent: recorded.
   */
  readonly timeNote?: string;
  /** Whether its sessions record file changes that prompt blame can attribute (the `agentTrail.blame.agents` list). */
  readonly blame: boolean;
  readonly watch: WatchScope;
  readonly adapter: AgentAdapter;
}
