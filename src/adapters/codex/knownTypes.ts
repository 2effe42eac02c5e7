// Record types Codex writes that are known and deliberately skipped (so they never show up as 'unknown-record').
// Anything not listed here or handled by the parser is reported, once per line.

// event_msg types that carry nothing the trail needs (UI progress, usage, lifecycle) or that duplicate response items
// (agent_message / agent_reasoning mirror the assistant message and reasoning items, which are used instead).
export const ignoredEvents = new Set([
  'token_count',
  'agent_message',
  'agent_reasoning',
  'agent_reasoning_raw_content',
  'agent_reasoning_section_break',
  'context_compacted',
  'thread_rolled_back',
  'thread_settings_applied',
  'thread_goal_updated',
  'entered_review_mode',
  'exited_review_mode',
  'mcp_tool_call_begin',
  'mcp_tool_call_end',
  'web_search_begin',
  'web_search_end',
  'image_generation_begin',
  'image_generation_end',
  'view_image_tool_call',
  'error',
  'warning',
  'stream_error',
  'item_started',
  'plan_update',
  'sub_agent_activity',
  'exec_command_begin',
  'exec_command_output_delta',
  'terminal_interaction',
  'patch_apply_begin',
  'patch_apply_updated',
  'turn_diff',
  'session_configured',
  'background_event',
  'deprecation_notice',
  'shutdown_complete',
  'model_reroute',
  'model_verification',
  'turn_moderation_metadata',
  'safety_buffering',
  'raw_response_item',
  'request_user_input',
  'request_permissions',
  'elicitation_request',
  'exec_approval_request',
  'apply_patch_approval_request',
  'dynamic_tool_call_request',
  'dynamic_tool_call_response',
  'undo_started',
  'undo_completed',
  'get_history_entry_response',
  'conversation_path',
  'task_complete_notification',
]);
export const ignoredEventPatterns = [/_delta$/, /^collab_/, /^realtime_/, /^guardian_/, /^mcp_/, /^hook_/, /^list_.*_response$/];

// response_item types that are history plumbing, not steps.
export const ignoredResponseItems = new Set(['compaction', 'compaction_summary', 'context_compaction', 'ghost_snapshot', 'additional_tools', 'other']);

// TurnItem types whose content the trail takes from the response items instead (same ids), or that are not steps.
export const ignoredTurnItems = new Set([
  'AgentMessage',
  'Reasoning',
  'Plan',
  'HookPrompt',
  'WebSearch',
  'ImageView',
  'ImageGeneration',
  'McpToolCall',
  'DynamicToolCall',
  'CollabAgentToolCall',
  'SubAgentActivity',
  'Sleep',
  'ContextCompaction',
]);
