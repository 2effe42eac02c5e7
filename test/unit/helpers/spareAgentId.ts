// A made-up agent in a test needs an AgentId, a closed union: one no real agent is registered under, or, once every
// id of the model is read, the last registered agent's, which the test's registry then leaves out (`realAgents`).
import { agentRegistry } from '../../../src/adapters/agentRegistry';
import type { AgentDescriptor } from '../../../src/adapters/agentDescriptor';
import { agentLabels, type AgentId } from '../../../src/core/model';

export const spareAgentId: AgentId = (Object.keys(agentLabels) as AgentId[]).find((id) => !agentRegistry.ids.includes(id)) ?? agentRegistry.ids[agentRegistry.ids.length - 1];

/** The real agents, less the one whose id `spareAgentId` took (none while the model names an agent not read). */
export const realAgents: readonly AgentDescriptor[] = agentRegistry.all.filter((d) => d.id !== spareAgentId);
