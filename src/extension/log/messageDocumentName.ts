const two = (n: number): string => String(n).padStart(2, '0');

/**
 * The file name a message opened in an editor shows in its tab: its topic and local receive time,
 * e.g. `demo∕pump-7∕telemetry 14:03:07.125.json`. The topic's slashes become division slashes
 * (U+2215), since a tab shows only the last segment of a path; the extension matches the language.
 */
export function messageDocumentName(topic: string, epochMs: number, language: 'json' | 'plaintext'): string {
  const d = new Date(epochMs);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  return `${topic.replaceAll('/', '\u2215')} ${time}.${language === 'json' ? 'json' : 'txt'}`;
}
