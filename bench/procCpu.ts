import { readFileSync, readdirSync } from 'node:fs';
import type { Mosquitto } from '../test/harness/mosquitto';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * The fields of /proc/<pid>/stat after "pid (comm) ", from the state on (the command name may hold
 * spaces and parentheses); undefined when the process is gone.
 */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN when it is gone. */
export function cpuMsOf(pid: number): number {
  const fields = statFields(pid);
  // utime and stime are fields 12 and 13 (0-based from the state).
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND : NaN;
}

/** The pid of the mosquitto serving `broker` (found by the port in its generated config), if any. */
export function brokerPid(broker: Mosquitto): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!cmdline[0]?.endsWith('mosquitto') || cmdline[1] !== '-c' || !cmdline[2]) continue;
      if (readFileSync(cmdline[2], 'utf8').includes(`listener ${broker.port} `)) return Number(entry);
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return undefined;
}

/** Busy and total CPU time of the whole machine so far (all cores, ms), from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
}
