// Counts in what people read ("1 file", "3 files"), never "file(s)".

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
