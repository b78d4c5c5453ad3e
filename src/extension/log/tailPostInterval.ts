/** Least time between two posts to the webview: at most ~30 posts a second. */
export const MIN_POST_INTERVAL_MS = 33;
/** Least time between two tail posts when messages arrive at FAST_RATE or more: 10 posts a second. */
export const FAST_POST_INTERVAL_MS = 100;
/** Messages a second up to which the tail goes out every MIN_POST_INTERVAL_MS. */
export const CALM_RATE = 5_000;
/** Messages a second from which it goes out every FAST_POST_INTERVAL_MS. */
export const FAST_RATE = 20_000;

/**
 * How long to wait between two tail posts while following, given the rate at which messages
 * arrived since the previous post.
 *
 * Each tail post costs the renderer a style, layout and paint pass of every row on screen, and in
 * VS Code the webview shares that renderer's main thread with the workbench. Past a few thousand
 * messages a second every post already replaces the whole screen (5,000 msg/s is 165 new rows per
 * 33 ms post), so posting 30 times a second shows nothing more than 10 times would, while the
 * extension host, the broker and the renderer compete for the CPU. So the tail slows to ten posts a
 * second as the rate climbs from CALM_RATE to FAST_RATE, and the view stays responsive (frames,
 * scrolling, the publish panel) under the heaviest streams. Below CALM_RATE, where a row can be
 * followed by eye, nothing changes: publish to painted stays one short post interval.
 */
export function tailPostInterval(msgPerSec: number): number {
  if (!(msgPerSec > CALM_RATE)) return MIN_POST_INTERVAL_MS;
  if (msgPerSec >= FAST_RATE) return FAST_POST_INTERVAL_MS;
  const share = (msgPerSec - CALM_RATE) / (FAST_RATE - CALM_RATE);
  return Math.round(MIN_POST_INTERVAL_MS + share * (FAST_POST_INTERVAL_MS - MIN_POST_INTERVAL_MS));
}
