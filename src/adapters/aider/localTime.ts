// Aider writes local times without a zone (`datetime.now()`): they are read in this machine's zone, which is the
// zone aider ran in when the history is the user's own. A history written in another zone shifts by the difference.

/** `YYYY-MM-DD HH:MM:SS` (+ optional `.ffffff`) local time as an ISO UTC string; undefined when not a real time. */
export function localTime(text: string, fraction?: string): string | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text.trim());
  if (!m) return undefined;
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  if (Number.isNaN(d.getTime()) || d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) return undefined;
  return d.toISOString();
}
