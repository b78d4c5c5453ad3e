/**
 * A `printf` command that writes exactly `bytes` to stdout, for payloads that cannot travel as a
 * command-line argument (a NUL byte, invalid UTF-8, control characters). The format string is in
 * single quotes; printable ASCII stays as it is (`%` doubled, `\` doubled, `'` escaped), every other
 * byte becomes a three-digit octal escape `\ooo`. Three digits always, so a digit that follows is
 * never read as part of the escape. POSIX printf (bash, dash, zsh, /usr/bin/printf) reads the
 * format this way; `%b` and `echo -e` differ between shells and are not used.
 */
export function printfPayload(bytes: Uint8Array): string {
  let format = '';
  for (const b of bytes) {
    if (b === 0x25) format += '%%';
    else if (b === 0x5c) format += '\\\\';
    else if (b === 0x27 || b < 0x20 || b > 0x7e) format += `\\${b.toString(8).padStart(3, '0')}`;
    else format += String.fromCharCode(b);
  }
  return `printf '${format}'`;
}
