/** What a keyboard shortcut of the log view asks it to do. */
export type LogKeyAction = 'focusFilter' | 'togglePause' | 'clear' | 'nextMatch' | 'previousMatch' | 'toggleDetail';

/** A shortcut of the log view: its command and the keys package.json binds to it. */
export interface LogKey {
  action: LogKeyAction;
  /** The command package.json contributes (`contributes.commands` and `contributes.keybindings`). */
  command: string;
  /** The keys as package.json writes them (`key`, and `mac` where it differs). */
  key: string;
  mac?: string;
  /** The keys as a tooltip shows them, e.g. "Ctrl+Alt+P". */
  label: string;
  macLabel?: string;
}

/**
 * The log view's keyboard shortcuts. They are VS Code keybindings (users can change them in Keyboard
 * Shortcuts) whose `when` holds only while a TraceMQ log panel is the focused editor, so they never
 * take an editor's keys. package.json must bind exactly these (a unit test checks it).
 */
export const LOG_KEYS: readonly LogKey[] = [
  { action: 'focusFilter', command: 'tracemq.log.focusFilter', key: 'ctrl+alt+f', mac: 'cmd+alt+f', label: 'Ctrl+Alt+F', macLabel: '⌥⌘F' },
  { action: 'togglePause', command: 'tracemq.log.togglePause', key: 'ctrl+alt+p', mac: 'cmd+alt+p', label: 'Ctrl+Alt+P', macLabel: '⌥⌘P' },
  { action: 'clear', command: 'tracemq.log.clear', key: 'ctrl+alt+k', mac: 'cmd+alt+k', label: 'Ctrl+Alt+K', macLabel: '⌥⌘K' },
  { action: 'nextMatch', command: 'tracemq.log.nextMatch', key: 'f3', label: 'F3' },
  { action: 'previousMatch', command: 'tracemq.log.previousMatch', key: 'shift+f3', label: 'Shift+F3' },
  { action: 'toggleDetail', command: 'tracemq.log.toggleDetail', key: 'ctrl+alt+d', mac: 'cmd+alt+d', label: 'Ctrl+Alt+D', macLabel: '⌥⌘D' },
];

/** The `when` of every log view shortcut: a TraceMQ log panel is the active editor and has focus. */
export const LOG_KEYS_WHEN = "activeWebviewPanelId == 'tracemq.log' && !sideBarFocus && !panelFocus && !inQuickOpen";

/** The keys of `action` for a tooltip, e.g. "(Ctrl+Alt+P)"; `mac` for the Mac's. */
export function logKeyHint(action: LogKeyAction, mac = false): string {
  const k = LOG_KEYS.find((x) => x.action === action);
  return k ? `(${mac ? (k.macLabel ?? k.label) : k.label})` : '';
}
