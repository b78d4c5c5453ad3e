/**
 * How many publishes and acks the trace keeps per second (setting `tracemq.trace.publishesPerSecond`);
 * beyond it they are only counted, so that a flood costs one comparison per packet.
 */
export class RateBudget {
  private second = -1;
  private used = 0;
  private droppedNow = 0;
  private droppedTotal = 0;
  /** Dropped since the last kept packet, handed to the next one kept (`take`). */
  private droppedSinceKept = 0;

  constructor(
    private perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  setPerSecond(perSecond: number): void {
    this.perSecond = perSecond;
  }

  /** True when this packet may be kept; false counts it as dropped. */
  admit(): boolean {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.used = 0;
      this.droppedNow = 0;
    }
    if (this.used < this.perSecond) {
      this.used++;
      return true;
    }
    this.droppedNow++;
    this.droppedTotal++;
    this.droppedSinceKept++;
    return false;
  }

  /** How many were dropped since the last call (the gap before the packet being kept now). */
  takeGap(): number {
    const gap = this.droppedSinceKept;
    this.droppedSinceKept = 0;
    return gap;
  }

  get dropped(): number {
    return this.droppedTotal;
  }

  /** Dropped in the current second (0 once a second has passed without any). */
  get droppedThisSecond(): number {
    return Math.floor(this.now() / 1000) === this.second ? this.droppedNow : 0;
  }
}
