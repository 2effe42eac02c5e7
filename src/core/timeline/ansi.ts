// Terminal escape sequences in recorded command output (colours, cursor moves, OSC titles and links) mean nothing in a
// web page and would show as garbage, so the timeline strips them. Covers CSI, OSC (BEL or ST terminated) and the
// two-byte escapes; a lone ESC is dropped too.
const ansiPattern = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]|\u001b/g;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') || text.includes('\u009b') ? text.replace(ansiPattern, '') : text;
}
