/**
 * Messages per second of a node, a decaying average computed when read, from its count: no timer
 * and nothing per message. Between two reads the new messages are taken as spread over the time
 * from the previous read to the last message, then the average decays from the last message to
 * now, so a topic that went quiet falls towards 0 even if it was never read while busy.
 */

/** The average's time constant: about the last 10 seconds weigh. */
export const RATE_TAU_MS = 10_000;

interface RateState {
  rate: number;
  at: number;
  count: number;
}

/** What a node's rate is computed from. */
export interface RateInput {
  count: number;
  firstAt: number;
  lastAt: number;
}

/** Rates of the nodes a view reads again and again (its visible ones); other nodes get an estimate. */
export class RateMeter {
  private readonly states = new Map<string, RateState>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxStates = 10_000,
  ) {}

  /** The rate of the node `key` now, remembered so that the next read continues from it. */
  read(key: string, input: RateInput): number {
    const now = this.now();
    const state = this.states.get(key);
    if (!state || input.count < state.count) {
      const rate = estimate(input, now);
      if (this.states.size >= this.maxStates) this.states.clear();
      this.states.set(key, { rate, at: now, count: input.count });
      return rate;
    }
    const rate = advance(state, input, now);
    state.rate = rate;
    state.at = now;
    state.count = input.count;
    return rate;
  }

  /** The rate now without remembering it (sorting many nodes): continues from a remembered state when there is one. */
  peek(key: string, input: RateInput): number {
    const now = this.now();
    const state = this.states.get(key);
    return state && input.count >= state.count ? advance(state, input, now) : estimate(input, now);
  }

  /** Forgets every node (the index was cleared). */
  clear(): void {
    this.states.clear();
  }
}

/** Shortest life an estimate divides by: two messages 1 ms apart are not 2,000 msg/s. */
const MIN_LIFE_MS = 1000;

/** A node never read: its average rate over its life (at least MIN_LIFE_MS), decayed since its last message. */
function estimate(input: RateInput, now: number): number {
  if (input.count === 0) return 0;
  return ((input.count * 1000) / Math.max(MIN_LIFE_MS, input.lastAt - input.firstAt)) * decay(now - input.lastAt);
}

function advance(state: RateState, input: RateInput, now: number): number {
  const added = input.count - state.count;
  if (added === 0) return state.rate * decay(now - state.at);
  // The new messages arrived between the last read and the last message.
  const span = Math.max(0, input.lastAt - state.at);
  return spreadRate(state.rate, added, span) * decay(now - Math.max(input.lastAt, state.at));
}

/** The average after `rate` decayed over `span` ms while `added` messages arrived evenly. */
function spreadRate(rate: number, added: number, span: number): number {
  // As span → 0, added/span·(1 − e^(−span/τ)) → added/τ: a burst at one instant still counts.
  const kept = decay(span);
  const perMs = span < 1e-6 ? added / RATE_TAU_MS : (added / span) * (1 - kept);
  return rate * kept + perMs * 1000;
}

function decay(ms: number): number {
  return ms <= 0 ? 1 : Math.exp(-ms / RATE_TAU_MS);
}
