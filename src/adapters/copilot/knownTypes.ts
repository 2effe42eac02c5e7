// Event types Copilot CLI 1.0.102 persists to events.jsonl (its shipped session-events.schema.json: the types not marked
// `ephemeral`) that carry nothing the index reads: usage, permissions, hooks, compaction and fusion bookkeeping,
// notices. Anything else that is not handled is reported once per line as an unknown record. Ephemeral types
// (`session.snapshot_rewind`, `session.title_changed`, streaming deltas…) are never written to the file.
export const ignoredTypes: ReadonlySet<string> = new Set([
  'abort', 'assistant.fusion_phase_completed', 'assistant.fusion_phase_failed', 'assistant.turn_end',
  'assistant.turn_start', 'audio', 'blob', 'external_tool.requested', 'hook.end', 'hook.start',
  'human_response.recorded', 'image', 'mcp.oauth_recovery_completed', 'permission.assentDetected',
  'permission.carriedForward', 'permission.completed', 'permission.contextualAuthorization',
  'permission.messageAuthorization', 'permission.messageAuthorizationDegraded',
  'permission.messageAuthorizationRead', 'permission.requested', 'session.auto_mode_resolved',
  'session.autopilot_objective_changed', 'session.binary_asset', 'session.canvas.recorded', 'session.canvas.removed',
  'session.compaction_complete', 'session.compaction_start', 'session.completion_receipt', 'session.context_changed',
  'session.context_cleared', 'session.error', 'session.fusion_change_checkpoint', 'session.fusion_commit_started',
  'session.fusion_completed', 'session.fusion_handoff', 'session.fusion_resolved', 'session.fusion_route_failed',
  'session.handoff', 'session.info', 'session.mode_changed', 'session.mode_notice_delivered',
  'session.model_deselected', 'session.permission_recovery', 'session.permissions_changed', 'session.plan_changed',
  'session.remote_steerable_changed', 'session.request_body_compression_disabled', 'session.schedule_cancelled',
  'session.schedule_created', 'session.schedule_rearmed', 'session.session_limits_changed', 'session.shutdown',
  'session.task_complete', 'session.truncation', 'session.usage_checkpoint', 'session.usage_record',
  'session.warning', 'session.workspace_file_changed', 'skill.context_delivered', 'skill.context_delivered_ref',
  'skill.invoked', 'skill.invoked_ref', 'subagent.completed', 'subagent.configured', 'subagent.deselected',
  'subagent.failed', 'subagent.selected', 'subagent.started', 'system.message', 'system.notification',
  'tool.user_requested', 'tool_search.activated',
]);
