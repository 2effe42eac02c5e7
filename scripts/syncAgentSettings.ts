// `npm run sync:agent-settings`: writes the agent settings the registry implies into package.json
// (src/vscode/agentSettings.ts), after an agent is added or its descriptor changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withAgentSettings } from '../src/vscode/agentSettings';

const file = join(__dirname, '..', '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8')) as { contributes: { configuration: Parameters<typeof withAgentSettings>[0] } };
const before = JSON.stringify(pkg.contributes.configuration);
pkg.contributes.configuration = withAgentSettings(pkg.contributes.configuration);
if (JSON.stringify(pkg.contributes.configuration) === before) {
  process.stdout.write('package.json: agent settings already match the registry\n');
} else {
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  process.stdout.write('package.json: agent settings rewritten from the registry\n');
}
