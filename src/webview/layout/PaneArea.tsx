import type { ComponentChild } from 'preact';
import { useRef } from 'preact/hooks';
import { Splitter } from './Splitter';
import type { PaneLayout } from './paneLayout';
import { usePaneOrientation } from './usePaneOrientation';

export interface PaneAreaProps {
  layout: PaneLayout;
  onLayout: (change: Partial<PaneLayout>) => void;
  /** The Topics pane, before the log (shown when `layout.topicsOpen`). */
  topics: ComponentChild;
  /** The log: it takes what the other panes leave. */
  main: ComponentChild;
  /** The detail pane after the log, or nothing when no message is open. */
  detail: ComponentChild | null;
  onCloseDetail: () => void;
}

/**
 * Topics | log | detail: side by side when the area is wide, stacked when it is narrow, with a
 * splitter between neighbours. Each pane scrolls inside itself; the area never scrolls.
 */
export function PaneArea({ layout, onLayout, topics, main, detail, onCloseDetail }: PaneAreaProps) {
  const ref = useRef<HTMLDivElement>(null);
  const orientation = usePaneOrientation(ref);
  const share = (size: number) => ({ flexBasis: `${(size * 100).toFixed(2)}%` });
  return (
    <div ref={ref} class={`pane-area ${orientation}`} data-testid="pane-area" data-orientation={orientation}>
      {layout.topicsOpen && (
        <>
          <div class="pane side-pane topics-slot" style={share(layout.topicsSize)}>
            {topics}
          </div>
          <Splitter
            orientation={orientation}
            size={layout.topicsSize}
            paneBefore
            onSize={(topicsSize) => {
              onLayout({ topicsSize });
            }}
            onCollapse={() => {
              onLayout({ topicsOpen: false });
            }}
            label="Resize the Topics pane"
            testId="splitter-topics"
          />
        </>
      )}
      <div class="pane main-pane">{main}</div>
      {detail !== null && (
        <>
          <Splitter
            orientation={orientation}
            size={layout.detailSize}
            paneBefore={false}
            onSize={(detailSize) => {
              onLayout({ detailSize });
            }}
            onCollapse={onCloseDetail}
            label="Resize the message detail"
            testId="splitter-detail"
          />
          <div class="pane side-pane detail-slot" style={share(layout.detailSize)}>
            {detail}
          </div>
        </>
      )}
    </div>
  );
}
