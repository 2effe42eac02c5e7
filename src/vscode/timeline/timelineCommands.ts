// `Agent Trail: Open Timeline`: from the palette (pick a session), the Sessions view (a session or a prompt), and
// prompt blame's lenses and hover (a PromptRef: scrolled to that prompt).
import * as vscode from 'vscode';
import { isPromptRef } from '../blame/promptRef';
import type { Log } from '../log';
import { PromptNode } from '../views/nodes/promptNode';
import { SessionNode } from '../views/nodes/sessionNode';
import type { TimelineService } from './timelineService';

export const openTimelineCommandId = 'agentTrail.openTimeline';

export function registerTimelineCommands(timelines: TimelineService, log: Log): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(openTimelineCommandId, async (arg: unknown) => {
      try {
        if (arg instanceof SessionNode) {
          await timelines.open(arg.session.key);
        } else if (arg instanceof PromptNode) {
          await timelines.open(arg.prompt.sessionKey, { promptId: arg.prompt.id });
        } else if (isPromptRef(arg)) {
          await timelines.open(arg.sessionKey, { promptId: arg.promptId });
        } else if (typeof arg === 'string' && arg.includes(':')) {
          await timelines.open(arg);
        } else {
          await timelines.pickAndOpen();
        }
      } catch (err) {
        void log.reportError(err, 'timeline', 'Unable to open the timeline');
      }
    }),
  ];
}
