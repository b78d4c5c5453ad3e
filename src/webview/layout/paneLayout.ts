/**
 * The sizes and open state of the log view's panes, kept per connection in the view's saved state
 * (each log panel is one connection, and VS Code keeps one state per panel).
 *
 * Sizes are fractions of the panes' area, not pixels: the same layout fits a panel that was made
 * narrower or wider since, and one number serves both orientations (width side by side, height stacked).
 */
export interface PaneLayout {
  /** The Topics pane is shown. */
  topicsOpen: boolean;
  /** Its share of the area, 0..1. */
  topicsSize: number;
  /** The detail pane's share when a message is open, 0..1. */
  detailSize: number;
}

export const DEFAULT_PANE_LAYOUT: PaneLayout = { topicsOpen: false, topicsSize: 0.25, detailSize: 0.35 };

/** Smallest and largest share a resizable pane may take: the log always keeps room of its own. */
export const MIN_PANE_SIZE = 0.1;
export const MAX_PANE_SIZE = 0.6;

export function clampPaneSize(size: number): number {
  return Math.min(MAX_PANE_SIZE, Math.max(MIN_PANE_SIZE, size));
}

/** Saved state may come from an older view or be damaged: keep what has the right shape, default the rest. */
export function paneLayoutOf(saved: unknown): PaneLayout {
  if (typeof saved !== 'object' || saved === null) return DEFAULT_PANE_LAYOUT;
  const s = saved as Partial<Record<keyof PaneLayout, unknown>>;
  const size = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? clampPaneSize(v) : fallback);
  return {
    topicsOpen: typeof s.topicsOpen === 'boolean' ? s.topicsOpen : DEFAULT_PANE_LAYOUT.topicsOpen,
    topicsSize: size(s.topicsSize, DEFAULT_PANE_LAYOUT.topicsSize),
    detailSize: size(s.detailSize, DEFAULT_PANE_LAYOUT.detailSize),
  };
}
