import { clearInterval, setInterval } from 'node:timers';

// Calls `onOrphaned` once when this process's parent goes away. `npm start` runs us through
// `sh -c`, and dash dies of a SIGTERM sent to npm without passing it on: we would run on, owned by
// init, and only SIGKILL would stop what we started. Linux tells a child nothing when its parent
// dies (short of prctl), so the parent id is polled — cheaply, and without keeping the process alive.
export function whenOrphaned(onOrphaned, everyMs = 500) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
