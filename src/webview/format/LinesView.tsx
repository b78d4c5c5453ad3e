/**
 * Multi-line text with its line breaks kept as real breaks and marked at each line's end by a faded
 * `↵` drawn by CSS (`.eol::before` in log.css): a pseudo-element, so it is neither copied nor read
 * out, and a character every UI font has, unlike the `␊` control picture that many fonts draw as
 * an empty box. CRLF is one break. Each line is a text node (untrusted text, never HTML).
 */
export function LinesView({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  const last = lines.length - 1;
  return (
    <>
      {lines.map((line, i) =>
        i < last ? (
          <span key={i} class="line">
            {line}
            <span class="eol" data-testid="eol" aria-hidden="true" />
            {'\n'}
          </span>
        ) : (
          line
        ),
      )}
    </>
  );
}
