/**
 * Named points of the log view's start-up on the page's performance timeline (`tracemq:<name>`),
 * which the benchmark's `startup` part reads to split the log's own part of Open Log (script
 * evaluated, toolkit registered, first render, snapshot) from VS Code's. A mark is a few
 * microseconds and only the first of each name is kept, so the figures are the first opening's.
 */
export type StartupMark = 'script' | 'toolkit' | 'rendered' | 'dom-content-loaded' | 'snapshot' | 'deferred';

export function markStartup(name: StartupMark): void {
  const full = `tracemq:${name}`;
  if (performance.getEntriesByName(full, 'mark').length === 0) performance.mark(full);
}
