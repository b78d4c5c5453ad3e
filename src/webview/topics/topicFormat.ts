/** Short figures for a tree row, where space is tight: "950", "12.4k", "3.1M". */
export function formatCompact(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
}

/** A rate in messages per second: "0", "0.2/s", "14/s", "12.4k/s". */
export function formatRatePerSecond(rate: number): string {
  if (rate <= 0) return '0/s';
  if (rate < 10) return `${rate.toFixed(1)}/s`;
  return `${formatCompact(rate)}/s`;
}

/** "512 B", "12 KB", "3.1 MB". */
export function formatBytesShort(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}

/** Time since the last message, coarse on purpose (a row repaints once a second): "now", "12s", "4m", "3h", "2d". */
export function formatAge(lastAt: number | null, now: number): string {
  if (lastAt === null) return '–';
  const s = Math.max(0, Math.floor((now - lastAt) / 1000));
  if (s < 1) return 'now';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** The log filter that shows a node: its topic alone, or it and everything below (`a/#` matches `a` too). */
export function topicFilterFor(row: { path: string; hasChildren: boolean }): string {
  return row.hasChildren ? `${row.path}/#` : row.path;
}
