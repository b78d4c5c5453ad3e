import { EMBEDDED_SNAPSHOT_ELEMENT_ID, parseEmbeddedSnapshot } from '../../shared/log/embeddedSnapshot';
import type { LogStore } from './logStore';
import { markStartup } from './startupMarks';
import type { UiStateStore } from './uiStateStore';

/**
 * Puts the snapshot the host built the page with (shared/log/embeddedSnapshot.ts) into the store,
 * before the first render, unless this view showed it already (VS Code loads the same HTML again
 * when a hidden view is shown: that snapshot is old by then) or it kept a filter the snapshot does
 * not apply. Returns its id, which `log/ready`
 * tells the host, or undefined when there is none to show (the host then sends a snapshot).
 */
export function showEmbeddedSnapshot(store: LogStore, ui: UiStateStore, doc: Document = document): string | undefined {
  const text = doc.getElementById(EMBEDDED_SNAPSHOT_ELEMENT_ID)?.textContent;
  const embedded = text ? parseEmbeddedSnapshot(text) : undefined;
  if (!embedded || ui.get().embeddedSnapshot === embedded.id) return undefined;
  // A view that had a filter sends it again once mounted and gets the filtered snapshot; showing
  // the unfiltered rows first would flash rows the filter hides.
  const filter = ui.get().filter ?? null;
  if (filter !== null && JSON.stringify(filter) !== JSON.stringify(embedded.snapshot.filter)) return undefined;
  markStartup('snapshot');
  store.applySnapshot(embedded.snapshot);
  ui.update({ embeddedSnapshot: embedded.id });
  return embedded.id;
}
