import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

export interface DeferredSlotProps {
  /** Whether the content is mounted yet (see useAfterFirstPaint). */
  mounted: boolean;
  /** The height kept free until then (px): the content's last height, or an estimate. */
  reserve: number;
  /** Told the content's height whenever it changes, so that the next opening reserves it. */
  onHeight: (height: number) => void;
  testId: string;
  children: ComponentChildren;
}

/**
 * A place for a part of the view that mounts after the first rows are painted, holding its height
 * until then, so that the rows do not jump when it arrives. Its height is read by a ResizeObserver
 * (after layout), never by a forced layout read.
 */
export function DeferredSlot({ mounted, reserve, onHeight, testId, children }: DeferredSlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(onHeight);
  latest.current = onHeight;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!mounted || !el) return undefined;
    const observer = new ResizeObserver((entries) => {
      const height = entries[0]?.borderBoxSize[0]?.blockSize;
      // Not rounded: a slot half a pixel off would move the rows by one when its content mounts.
      if (height !== undefined && height > 0) latest.current(height);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
    };
  }, [mounted]);
  return (
    <div ref={ref} class="deferred-slot" data-testid={testId} data-pending={mounted ? undefined : ''} style={mounted ? undefined : { height: `${reserve}px` }}>
      {mounted ? children : null}
    </div>
  );
}
