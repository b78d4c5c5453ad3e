import type { Connection } from '../../src/extension/connection/connection';

/**
 * What a test (or a suite) started, undone in reverse order after it — whether it passed or not.
 * Modelled on MQTT.js's test TeardownHelper: every step runs even when an earlier one throws, and
 * the failures are reported together afterwards, so one broken cleanup cannot leak the rest.
 */
export class Teardown {
  private steps: { what: string; run: () => unknown }[] = [];

  /** Runs `run` at teardown; `what` names it in a failure. */
  add(what: string, run: () => unknown): void {
    this.steps.push({ what, run });
  }

  /** Disconnects and disposes `connection` at teardown; returns it for chaining. */
  connection<C extends Connection>(connection: C): C {
    this.add(`connection "${connection.name}"`, async () => {
      await connection.disconnect();
      connection.dispose();
    });
    return connection;
  }

  /** Stops anything with a `stop()` or `close()` (brokers, proxies, servers) at teardown; returns it. */
  stoppable<T extends { stop(): unknown } | { close(): unknown }>(what: string, thing: T): T {
    this.add(what, () => ('stop' in thing ? thing.stop() : thing.close()));
    return thing;
  }

  /** Runs every step, last added first; throws once with every failure. */
  async run(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (e) {
        failures.push(`${step.what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (failures.length > 0) throw new Error(`teardown failed — ${failures.join('; ')}`);
  }
}

/** A Teardown run after each test of the calling `describe` (or after all of them with `'all'`). */
export function useTeardown(when: 'each' | 'all' = 'each'): Teardown {
  const teardown = new Teardown();
  const hook = when === 'each' ? afterEach : after;
  hook(() => teardown.run());
  return teardown;
}
