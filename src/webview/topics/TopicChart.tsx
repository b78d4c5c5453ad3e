import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { MAX_CHART_FIELDS, MAX_SERIES_POINTS, type NumericField } from '../../shared/topics/topicsProtocol';
import type { LogChannel } from '../log/logChannel';
import { Button } from '../toolkit/Button';
import { Checkbox } from '../toolkit/Checkbox';
import type { TopicPaneModel } from './topicPaneModel';
import { SeriesBuffer } from './seriesBuffer';

export interface TopicChartProps {
  topic: string;
  channel: LogChannel;
  /** Tells the host which fields to stream (`topics/watch`'s chart). */
  tree: TopicPaneModel;
}

/** Series colours: VS Code's chart colours, read from the theme when the chart is made. */
const CHART_COLOURS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
const FALLBACK_COLOURS = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

type Fields = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ok'; fields: NumericField[] };

/** The legend's time: to the millisecond, since points may be that close. */
const formatTime = uPlot.fmtDate('{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}.{fff}');

/** The legend's value: as received, up to six decimals. */
const formatValue = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '--' : v.toLocaleString('en-US', { maximumFractionDigits: 6 }));

/** "(the payload)" for the whole payload, else the JSON Pointer. */
const fieldLabel = (pointer: string): string => (pointer === '' ? '(the payload)' : pointer);

/**
 * A live time series of a topic's numeric fields with uPlot (canvas): the stored points first, then
 * the arriving ones, drawn at most once a frame. uPlot is handed the min and max of each pixel column
 * (`SeriesBuffer.drawn`), so a redraw costs the chart's width, not the number of points; the legend
 * looks up the exact point under the cursor. Drag across to zoom in (Reset or a double click zooms
 * out), Pause to freeze the picture while points keep coming; the legend shows the values under the
 * cursor. Colours come from the VS Code theme.
 */
export function TopicChart({ topic, channel, tree }: TopicChartProps) {
  const [fields, setFields] = useState<Fields>({ state: 'loading' });
  const [chosen, setChosen] = useState<string[]>([]);
  const [paused, setPaused] = useState(false);
  const [zoomed, setZoomed] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const live = useRef({ paused: false, zoomed: false });
  /** The current uPlot's actions, for the toolbar's buttons. */
  const actions = useRef<{ reset(): void; redraw(): void } | undefined>(undefined);
  live.current = { paused, zoomed };

  useEffect(() => {
    let current = true;
    setFields({ state: 'loading' });
    channel.request('topics/fields', { topic }).then(
      ({ fields: found }) => {
        if (!current) return;
        setFields({ state: 'ok', fields: found });
        setChosen(found.slice(0, 1).map((f) => f.pointer));
      },
      (e: unknown) => {
        if (current) setFields({ state: 'error', error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [topic, channel]);

  // One uPlot per choice of fields: the stored points, then what the host streams.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || chosen.length === 0) return undefined;
    const buffer = new SeriesBuffer(chosen);
    const theme = getComputedStyle(document.documentElement);
    const colour = (i: number): string => theme.getPropertyValue(CHART_COLOURS[i % CHART_COLOURS.length] ?? '').trim() || (FALLBACK_COLOURS[i % FALLBACK_COLOURS.length] ?? 'gray');
    const text = theme.getPropertyValue('--vscode-descriptionForeground').trim() || '#9d9d9d';
    const grid = theme.getPropertyValue('--vscode-editorWidget-border').trim() || 'rgba(128,128,128,0.2)';
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    let draws = 0;
    const show = (u: uPlot): void => {
      el.dataset.points = String(buffer.size);
      const x = u.scales.x;
      if (x?.min !== undefined && x.max !== undefined) {
        el.dataset.xMin = String(x.min);
        el.dataset.xMax = String(x.max);
      }
      const y = u.scales.y;
      if (y?.min !== undefined && y.max !== undefined) {
        el.dataset.yMin = String(y.min);
        el.dataset.yMax = String(y.max);
      }
    };
    /** The exact point of field `i` nearest the cursor, not the decimated one uPlot hovers. */
    const exact = (u: uPlot, i: number): { t: number; v: number } | undefined => {
      const left = u.cursor.left;
      const pointer = chosen[i];
      if (left === undefined || left < 0 || pointer === undefined) return undefined;
      return buffer.nearest(pointer, u.posToVal(left, 'x'));
    };
    /** The width of the plotting area in CSS pixels: one column of the decimation each. */
    const columns = (u: uPlot): number => Math.max(1, Math.round(u.bbox.width / uPlot.pxRatio));
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: Math.max(120, el.clientHeight - 40),
        scales: { x: { time: true } },
        series: [
          {
            // The time of the first field's exact point under the cursor.
            value: (u, raw) => {
              const at = exact(u, 0)?.t ?? raw;
              return Number.isFinite(at) ? formatTime(new Date(at * 1000)) : '--';
            },
          },
          ...chosen.map((p, i) => ({
            label: fieldLabel(p),
            stroke: colour(i),
            width: 1.5,
            spanGaps: true,
            points: { show: false },
            value: (u: uPlot, raw: number | null) => formatValue(exact(u, i)?.v ?? raw),
          })),
        ],
        axes: [axis, axis],
        // Zooming is done here, not by uPlot: the range dragged across is decimated afresh from every
        // point in it, then shown, in one draw.
        cursor: { drag: { x: true, y: false, setScale: false } },
        legend: { live: true },
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width <= 0) return;
              const min = u.posToVal(u.select.left, 'x');
              const max = u.posToVal(u.select.left + u.select.width, 'x');
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              live.current.zoomed = true;
              setZoomed(true);
              zoomTo(min, max);
            },
          ],
          setScale: [show],
          // Every setData is a redraw: data-draws counts them, data-drawn is how many points went to uPlot.
          setData: [
            (u) => {
              el.dataset.draws = String(++draws);
              el.dataset.drawn = String(u.data[0].length);
              show(u);
            },
          ],
          // A new size (the window, or the axes once their labels are measured) is another number of columns.
          setSize: [
            (u) => {
              if (columns(u) !== drawnColumns) schedule();
            },
          ],
        },
      },
      [[], ...chosen.map(() => [])],
      el,
    );
    /** The columns the data drawn was decimated for. */
    let drawnColumns = 0;
    const drawn = (min: number, max: number): uPlot.AlignedData => {
      drawnColumns = columns(plot);
      return buffer.drawn(min, max, drawnColumns);
    };
    /** The x range shown while zoomed (uPlot's own scale then holds it too). */
    let zoom: { min: number; max: number } | undefined;
    const zoomTo = (min: number, max: number): void => {
      zoom = { min, max };
      plot.batch(() => {
        plot.setData(drawn(min, max), false);
        plot.setScale('x', { min, max });
      });
    };
    const showAll = (): void => {
      zoom = undefined;
      const span = buffer.span();
      plot.setData(span ? drawn(span.min, span.max) : [[], ...chosen.map(() => [])], true);
    };
    let frame: number | undefined;
    const draw = (): void => {
      frame = undefined;
      if (live.current.paused) return;
      if (live.current.zoomed && zoom) zoomTo(zoom.min, zoom.max);
      else showAll();
    };
    /** Arrivals are drawn at most once a frame, however many came in it. */
    const schedule = (): void => {
      if (frame === undefined) frame = requestAnimationFrame(draw);
    };
    let current = true;
    const stopPoints = channel.on('topics/points', ({ series }) => {
      let added = false;
      for (const s of series) if (s.topic === topic && buffer.add(s)) added = true;
      if (added) schedule();
    });
    // Stored points first; the host streams what comes after them once the chart is watched.
    void Promise.all(
      chosen.map(async (pointer) => {
        const stored = await channel.request('topics/series', { topic, pointer, sinceSeq: 0, limit: MAX_SERIES_POINTS });
        buffer.add(stored);
        return stored.lastSeq + 1;
      }),
    ).then(
      (from) => {
        if (!current) return;
        setError(undefined);
        schedule();
        // The host streams each field from where its load ended: nothing between the two is lost.
        tree.setChart({ topic, pointers: chosen, from });
      },
      (e: unknown) => {
        if (current) setError(e instanceof Error ? e.message : String(e));
      },
    );
    const resize = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1]?.contentRect;
      if (!r || r.width <= 0) return;
      plot.setSize({ width: Math.max(200, r.width), height: Math.max(120, r.height - 40) });
    });
    resize.observe(el);
    const reset = (): void => {
      live.current.zoomed = false;
      setZoomed(false);
      showAll();
    };
    // uPlot's own double click rescales to the points drawn, which while zoomed are those of the zoomed range.
    plot.over.addEventListener('dblclick', reset);
    actions.current = { reset, redraw: schedule };
    return () => {
      current = false;
      actions.current = undefined;
      stopPoints();
      resize.disconnect();
      if (frame !== undefined) cancelAnimationFrame(frame);
      plot.over.removeEventListener('dblclick', reset);
      tree.setChart(null);
      plot.destroy();
    };
  }, [topic, channel, tree, chosen.join('\n')]);

  // Resuming draws what arrived while paused.
  useEffect(() => {
    if (!paused) actions.current?.redraw();
  }, [paused]);

  if (fields.state === 'loading') return <p class="detail-note">Looking for numeric fields…</p>;
  if (fields.state === 'error') return <p class="detail-error" role="alert">{fields.error}</p>;
  if (fields.fields.length === 0) {
    return (
      <p class="detail-note" data-testid="chart-no-fields">
        No numeric values in this topic's stored payloads: a chart needs payloads that are numbers or JSON with numeric fields.
      </p>
    );
  }
  return (
    <div class="topic-chart-pane">
      <div class="chart-toolbar">
        <fieldset class="chart-fields" data-testid="chart-fields">
          <legend>Fields</legend>
          {fields.fields.map((f) => (
            <Checkbox
              key={f.pointer}
              label={`${fieldLabel(f.pointer)} (${f.seen})`}
              checked={chosen.includes(f.pointer)}
              testId={`chart-field-${f.pointer}`}
              onChange={(on) => {
                setChosen((c) => (on ? [...c, f.pointer].slice(-MAX_CHART_FIELDS) : c.filter((p) => p !== f.pointer)));
              }}
            />
          ))}
        </fieldset>
        <Button
          appearance="secondary"
          pressed={paused}
          testId="chart-pause"
          title={paused ? 'Draw the points that arrived meanwhile and keep drawing' : 'Freeze the chart (points keep arriving)'}
          onClick={() => {
            setPaused(!paused);
          }}
        >
          {paused ? 'Resume' : 'Pause'}
        </Button>
        <Button
          appearance="secondary"
          disabled={!zoomed}
          testId="chart-reset"
          title="Show every point again (or double-click the chart)"
          onClick={() => {
            actions.current?.reset();
          }}
        >
          Reset zoom
        </Button>
      </div>
      {error && <p class="detail-error" role="alert">{error}</p>}
      {chosen.length === 0 ? <p class="detail-note">Pick a field to chart.</p> : <div ref={box} class="topic-chart" data-testid="topic-chart" />}
    </div>
  );
}
