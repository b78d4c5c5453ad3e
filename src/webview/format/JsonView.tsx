import type { ComponentChildren } from 'preact';
import { showControls } from '../../shared/payload/payloadPreview';

/**
 * Characters of a JSON text coloured; beyond them it is plain text. One span per token, so a
 * 256 KB payload would be tens of thousands of elements: colour is for reading, and what is read
 * is the start.
 */
export const COLOURED_CHARS = 64 * 1024;

/**
 * The tokens of JSON text (as `JSON.stringify` writes it: no comments). A string is a key when a
 * `:` follows it (spaces allowed between).
 */
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false)|(null)|([{}[\],:])/g;

export type JsonTokenKind = 'key' | 'string' | 'number' | 'boolean' | 'null' | 'punctuation';

/**
 * JSON text coloured by token with the theme's colours (log.css: `.json-key`, `.json-string`…),
 * built from spans and text nodes only: the text is untrusted and never becomes HTML. Strings
 * show hidden and direction-changing characters (`showControls`). Exported for every pane that
 * shows JSON (the detail pane, decoded payloads).
 */
export function JsonView({ text, class: className }: { text: string; class?: string }) {
  return (
    <code class={`json-view${className ? ` ${className}` : ''}`} data-testid="json-view">
      {jsonPieces(text)}
    </code>
  );
}

/** The JSON text as text nodes and coloured spans. */
export function jsonPieces(text: string): ComponentChildren[] {
  const coloured = text.length > COLOURED_CHARS ? text.slice(0, COLOURED_CHARS) : text;
  const out: ComponentChildren[] = [];
  let done = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(coloured); m !== null; m = TOKEN.exec(coloured)) {
    if (m.index > done) out.push(coloured.slice(done, m.index));
    const [, str, colon, num, bool, nil, punct] = m;
    if (str !== undefined) {
      out.push(token(colon !== undefined ? 'key' : 'string', showControls(str), m.index));
      if (colon !== undefined) {
        const spaces = colon.slice(0, -1);
        if (spaces !== '') out.push(spaces);
        out.push(token('punctuation', ':', m.index + 1));
      }
    } else if (num !== undefined) out.push(token('number', num, m.index));
    else if (bool !== undefined) out.push(token('boolean', bool, m.index));
    else if (nil !== undefined) out.push(token('null', nil, m.index));
    else if (punct !== undefined) out.push(token('punctuation', punct, m.index));
    done = m.index + m[0].length;
  }
  if (done < text.length) out.push(text.slice(done));
  return out;
}

function token(kind: JsonTokenKind, text: string, key: number) {
  return (
    <span key={`${kind}${key}`} class={`json-${kind}`}>
      {text}
    </span>
  );
}
