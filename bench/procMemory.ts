import { readFileSync, readdirSync } from 'node:fs';
import { statFields } from './procCpu';

/** Resident memory of a process, from /proc/<pid>/status, in bytes. */
export interface ProcessMemory {
  rss: number;
  /** Anonymous pages (heaps, buffers) and file-backed pages (code) of `rss`. */
  anon: number;
  file: number;
}

/** The resident memory of `pid` now; undefined when it is gone. */
export function memoryOf(pid: number): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return undefined;
  }
}

/** The parent's pid (the field after the state); undefined when the process is gone. */
function parentOf(pid: number): number | undefined {
  const ppid = statFields(pid)?.[1];
  return ppid === undefined ? undefined : Number(ppid);
}

/**
 * The pid of the VS Code extension host that `rootPid` (a code-server) started, found from outside
 * before any extension runs in it: a descendant of `rootPid` started with `--type=extensionHost`.
 */
export function extensionHostPid(rootPid: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (!args.includes('--type=extensionHost')) continue;
    for (let pid: number | undefined = Number(entry); pid !== undefined && pid > 1; pid = parentOf(pid)) {
      if (pid === rootPid) return Number(entry);
    }
  }
  return undefined;
}
