import { type LogFilter, logFilterOf } from '../../shared/log/logFilter';
import { draftFrom, EMPTY_DRAFT, type PublishDraft } from '../publish/publishDraft';
import type { VsCodeApi } from '../ipc/vscodeApi';
import { DEFAULT_PANE_LAYOUT, type PaneLayout, paneLayoutOf } from '../layout/paneLayout';

/** Small UI state that survives the view being hidden and shown again (VS Code `getState`/`setState`). */
export interface UiState {
  /**
   * The connection's `key`. The host reads it back (its `WebviewPanelSerializer`) to reopen this log
   * after a window reload.
   */
  profileKey?: string;
  following: boolean;
  /** Position of the top row on screen while not following. */
  topPos?: number;
  /** The filter the toolbar holds (sent to the host again when the view comes back). */
  filter?: LogFilter;
  publish: PublishDraft;
  /** The publish panel is open (else just its heading). */
  publishOpen: boolean;
  /** Which panes are open and their sizes. */
  layout: PaneLayout;
  /**
   * The id of the snapshot embedded in the page that this view showed: the same page shown again
   * (VS Code keeps its HTML) must not show that old snapshot again.
   */
  embeddedSnapshot?: string;
  /** The last heights (px) of the parts mounted after the first rows, kept free for them at the next opening. */
  reserved: ReservedHeights;
}

export interface ReservedHeights {
  filterBar?: number;
  publish?: number;
}

/** A height worth keeping free: pixels (fractions too), no taller than any screen. */
const isHeight = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 4000;

function reservedOf(v: unknown): ReservedHeights {
  if (typeof v !== 'object' || v === null) return {};
  const r = v as Record<string, unknown>;
  return { ...(isHeight(r.filterBar) ? { filterBar: r.filterBar } : {}), ...(isHeight(r.publish) ? { publish: r.publish } : {}) };
}

const DEFAULTS: UiState = { following: true, publish: EMPTY_DRAFT, publishOpen: true, layout: DEFAULT_PANE_LAYOUT, reserved: {} };

/** Payloads longer than this are not kept across hide/show (VS Code copies the state on every save). */
const MAX_SAVED_PAYLOAD_CHARS = 256 * 1024;

/**
 * Reads the saved state once, hands out the current one, and saves changes shortly after they stop
 * coming (typing in the payload must not copy it to the host on every key).
 */
export class UiStateStore {
  private state: UiState;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: VsCodeApi,
    private readonly saveDelayMs = 200,
  ) {
    this.state = UiStateStore.read(api.getState());
    addEventListener('pagehide', () => {
      this.flush();
    });
  }

  get(): UiState {
    return this.state;
  }

  update(change: Partial<UiState>): void {
    this.state = { ...this.state, ...change };
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.flush();
    }, this.saveDelayMs);
  }

  updatePublish(change: Partial<PublishDraft>): void {
    this.update({ publish: { ...this.state.publish, ...change } });
  }

  flush(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const { publish } = this.state;
    const saved = publish.payload.length > MAX_SAVED_PAYLOAD_CHARS ? { ...this.state, publish: { ...publish, payload: '' } } : this.state;
    this.api.setState(saved);
  }

  /** Saved state may come from an older version of the view: keep only what still has the right shape. */
  private static read(saved: unknown): UiState {
    if (typeof saved !== 'object' || saved === null) return DEFAULTS;
    const s = saved as Partial<Record<keyof UiState, unknown>>;
    return {
      ...(typeof s.profileKey === 'string' ? { profileKey: s.profileKey } : {}),
      following: typeof s.following === 'boolean' ? s.following : DEFAULTS.following,
      ...(typeof s.topPos === 'number' && Number.isSafeInteger(s.topPos) ? { topPos: s.topPos } : {}),
      ...(logFilterOf(s.filter) ? { filter: logFilterOf(s.filter) } : {}),
      publish: draftFrom(s.publish),
      publishOpen: typeof s.publishOpen === 'boolean' ? s.publishOpen : DEFAULTS.publishOpen,
      layout: paneLayoutOf(s.layout),
      reserved: reservedOf(s.reserved),
      ...(typeof s.embeddedSnapshot === 'string' ? { embeddedSnapshot: s.embeddedSnapshot } : {}),
    };
  }
}
