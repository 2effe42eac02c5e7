// The agents the product reads: one line per agent. Everything agent-specific elsewhere is derived from this list
// (see agentDescriptor.ts); tests build their own AgentRegistry to check that a new agent reaches every place.
import type { AgentId } from '../core/model';
import type { AgentAdapter } from './adapter';
import type { AgentDescriptor } from './agentDescriptor';
import { claudeCodeAgent } from './claudeCode/claudeCodeAgent';
import { clineAgent } from './cline/clineAgent';
import { codexAgent } from './codex/codexAgent';
import { copilotAgent } from './copilot/copilotAgent';
import { copilotChatAgent } from './copilotChat/copilotChatAgent';
import { geminiCliAgent } from './geminiCli/geminiCliAgent';
import { piAgent } from './pi/piAgent';
import { qwenCodeAgent } from './qwenCode/qwenCodeAgent';
import { rooAgent } from './roo/rooAgent';
import { opencodeAgent } from './opencode/opencodeAgent';
import { aiderAgent } from './aider/aiderAgent';
import { cursorAgent } from './cursor/cursorAgent';

export class AgentRegistry {
  private readonly byId = new Map<string, AgentDescriptor>();

  constructor(readonly all: readonly AgentDescriptor[]) {
    for (const d of all) {
      if (this.byId.has(d.id)) {
        throw new Error(`agent ${d.id} is registered twice`);
      }
      for (const other of this.byId.values()) {
        if (other.settingKey === d.settingKey || other.cliName === d.cliName) {
          throw new Error(`agents ${other.id} and ${d.id} share a setting key or CLI name`);
        }
      }
      this.byId.set(d.id, d);
    }
  }

  get ids(): AgentId[] {
    return this.all.map((d) => d.id);
  }

  get(agent: string): AgentDescriptor | undefined {
    return this.byId.get(agent);
  }

  /** The adapter of a registered agent; throws for any other (a transcript of an agent no adapter reads). */
  adapter(agent: string): AgentAdapter {
    const d = this.byId.get(agent);
    if (!d) {
      throw new Error(`no adapter for agent ${agent}`);
    }
    return d.adapter;
  }
}

export const agentRegistry = new AgentRegistry([claudeCodeAgent, codexAgent, geminiCliAgent, piAgent, qwenCodeAgent, copilotAgent, copilotChatAgent, clineAgent, rooAgent, opencodeAgent, cursorAgent, aiderAgent]);
