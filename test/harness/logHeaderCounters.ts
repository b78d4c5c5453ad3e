import type { FrameLocator } from 'playwright-core';

/** The number a counter of the log view's header shows ("20,000" → 20000), by its test id (`counter-received`, …). */
export async function logHeaderCounter(log: FrameLocator, testId: string): Promise<number> {
  return Number(((await log.locator(`[data-testid="${testId}"]`).textContent()) ?? '').replace(/\D/g, ''));
}

/**
 * Waits until a header counter shows `value`, read every 100 ms (the header changes several times
 * a second under a flood; no event tells a test it changed); fails with what it showed last.
 */
export async function waitForLogHeaderCounter(log: FrameLocator, testId: string, value: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = await logHeaderCounter(log, testId);
  while (seen !== value) {
    if (Date.now() > deadline) throw new Error(`${testId} shows ${seen}, expected ${value}`);
    await new Promise((r) => setTimeout(r, 100));
    seen = await logHeaderCounter(log, testId);
  }
}
