import { logKeyHint, type LogKeyAction } from '../../shared/logKeys/logKeys';

/** VS Code binds Cmd where others bind Ctrl: the tooltip names the keys of the machine it runs on. */
const onMac = typeof navigator !== 'undefined' && /Macintosh|Mac OS X/.test(navigator.userAgent);

/** " (Ctrl+Alt+P)" for a tooltip: the log view shortcut of `action` on this machine. */
export function keyHint(action: LogKeyAction): string {
  return ` ${logKeyHint(action, onMac)}`;
}
