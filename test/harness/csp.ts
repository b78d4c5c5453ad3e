import { strict as assert } from 'node:assert';

/** The Content-Security-Policy of a page, directive → sources. */
export function cspOf(html: string): Map<string, string[]> {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(meta, 'the page has a CSP meta element');
  const policy = meta[1]!.replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

