/**
 * MQTT topic names and filters (MQTT 3.1.1 §4.7, MQTT 5 §4.7): validation with a reason in words,
 * and matching a topic name against a filter with `+` and `#`.
 */

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** Returns why `filter` is not a valid subscription filter, or undefined when it is. */
export function topicFilterError(filter: string): string | undefined {
  if (filter.length === 0) return 'A topic filter cannot be empty.';
  if (utf8Length(filter) > 65535) return 'A topic filter is at most 65,535 bytes.';
  if (filter.includes('\u0000')) return 'A topic filter cannot contain the NUL character.';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? '';
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return "'#' must be a whole level and the last one, as in 'sensors/#'.";
    }
    if (level.includes('+') && level !== '+') {
      return "'+' must be a whole level, as in 'sensors/+/temperature'.";
    }
  }
  return undefined;
}

/** Returns why `topic` cannot be published to, or undefined when it can. */
export function topicNameError(topic: string): string | undefined {
  if (topic.length === 0) return 'The topic cannot be empty.';
  if (utf8Length(topic) > 65535) return 'A topic is at most 65,535 bytes.';
  if (topic.includes('\u0000')) return 'A topic cannot contain the NUL character.';
  if (topic.includes('+') || topic.includes('#')) {
    return "Wildcards '+' and '#' are for subscriptions; a published topic cannot contain them.";
  }
  return undefined;
}

/** True when `topic` (a topic name) matches `filter` (a valid topic filter). */
export function topicMatches(filter: string, topic: string): boolean {
  // Topics starting with '$' are not matched by filters starting with a wildcard (§4.7.2).
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  let f = 0;
  let t = 0;
  for (;;) {
    const fEnd = filter.indexOf('/', f);
    const fLevel = filter.slice(f, fEnd === -1 ? undefined : fEnd);
    if (fLevel === '#') return true;
    if (t > topic.length) return false;
    const tEnd = topic.indexOf('/', t);
    const tLevel = topic.slice(t, tEnd === -1 ? undefined : tEnd);
    if (fLevel !== '+' && fLevel !== tLevel) return false;
    if (fEnd === -1 || tEnd === -1) {
      if (fEnd === -1 && tEnd === -1) return true;
      // 'a/#' matches 'a' itself: the filter has exactly one more level, and it is '#'.
      return tEnd === -1 && filter.slice(fEnd + 1) === '#';
    }
    f = fEnd + 1;
    t = tEnd + 1;
  }
}

/** Whether a topic holds `+` or `#` (a published topic may not; media/tracemq.schema.json's `^[^+#]*$` says so too). */
export function hasWildcard(topic: string | undefined): boolean {
  return topic !== undefined && /[+#]/.test(topic);
}
