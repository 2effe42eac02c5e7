// The agent-specific parts of package.json's `contributes.configuration`, derived from the agent registry: the
// "Sources" section (enabled + folders per agent) and the agent list of `agentTrail.blame.agents`. Pure (no
// `vscode`): `npm run sync:agent-settings` writes them into package.json, and a unit test fails when package.json
// and the registry disagree, so a new agent cannot ship without its settings.
import { agentRegistry, type AgentRegistry } from '../adapters/agentRegistry';

export type SettingSchema = Record<string, unknown>;

/** The properties of the "Sources" section, in registry order. */
export function sourceSettingsSchema(registry: AgentRegistry = agentRegistry): Record<string, SettingSchema> {
  const properties: Record<string, SettingSchema> = {};
  registry.all.forEach((d, i) => {
    const key = `agentTrail.sources.${d.settingKey}`;
    properties[`${key}.enabled`] = {
      type: 'boolean',
      default: true,
      scope: 'window',
      order: 10 * (i + 1),
      markdownDescription: `Specifies whether to index ${d.label} sessions, from the folders in #${key}.folders#.`,
    };
    properties[`${key}.folders`] = {
      type: 'array',
      items: { type: 'string' },
      default: [],
      // A path on this machine: not synced to another one, but a workspace may still name its own.
      scope: 'machine-overridable',
      order: 10 * (i + 1) + 1,
      markdownDescription: `Specifies the ${d.label} data folders to search for transcripts. Leave empty to search the default, ${d.defaultFolders}. A leading \`~\` stands for your home folder. Ignored when #${key}.enabled# is off.`,
    };
  });
  return properties;
}

/** What `agentTrail.blame.agents` lists: the agents whose file changes blame attributes. */
export function blameAgentsSchema(registry: AgentRegistry = agentRegistry): SettingSchema {
  const agents = registry.all.filter((d) => d.blame);
  return {
    type: 'array',
    items: { type: 'string', enum: agents.map((d) => d.id), enumDescriptions: agents.map((d) => d.label) },
    uniqueItems: true,
    default: agents.map((d) => d.id),
  };
}

interface ConfigurationSection {
  id?: string;
  properties: Record<string, SettingSchema>;
}

/**
 * package.json's configuration sections with the agent-specific parts replaced by what the registry says (the
 * blame setting keeps its own scope, order and description). Returns a new array; throws when a section is missing.
 */
export function withAgentSettings(sections: readonly ConfigurationSection[], registry: AgentRegistry = agentRegistry): ConfigurationSection[] {
  const sources = sections.find((s) => s.id === 'agentTrail.sources');
  const blame = sections.find((s) => s.id === 'agentTrail.blame');
  const blameAgents = blame?.properties['agentTrail.blame.agents'];
  if (!sources || !blame || !blameAgents) {
    throw new Error('package.json has no agentTrail.sources section or no agentTrail.blame.agents setting');
  }
  return sections.map((s) =>
    s === sources
      ? { ...s, properties: sourceSettingsSchema(registry) }
      : s === blame
        ? { ...s, properties: { ...s.properties, 'agentTrail.blame.agents': { ...blameAgents, ...blameAgentsSchema(registry) } } }
        : s,
  );
}
