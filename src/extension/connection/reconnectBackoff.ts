/** Longest wait between two reconnection attempts (unless the profile's period is longer). */
export const RECONNECT_CAP_MS = 30_000;

/**
 * The wait before reconnection attempt `attempt` (0 for the first after a loss): the profile's
 * period doubled at each failed attempt, capped, with "equal jitter" (between half and all of it)
 * so that many clients cut off together do not all come back in the same instant.
 */
export function reconnectDelay(periodMs: number, attempt: number, random: () => number = Math.random): number {
  const cap = Math.max(RECONNECT_CAP_MS, periodMs);
  const exponential = Math.min(cap, periodMs * 2 ** Math.min(attempt, 30));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
