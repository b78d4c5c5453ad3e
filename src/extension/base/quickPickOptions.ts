/**
 * Options every TraceMQ quick pick starts from. `ignoreFocusOut`: a command run from the palette
 * while a webview (the log view, the profile form) is the active editor would have its quick pick
 * closed at once — the palette gives focus back to the editor, and the webview takes it after the
 * pick has opened (microsoft/vscode#93950; seen twice in our end-to-end runs in code-server).
 * Escape still closes the pick, and the input boxes already stay open the same way.
 */
export const QUICK_PICK_OPTIONS = { ignoreFocusOut: true } as const;
