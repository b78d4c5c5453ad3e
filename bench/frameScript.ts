/**
 * Code that runs inside the log webview's frame, as a string: added with `page.addInitScript`, so
 * Playwright evaluates it in every frame as it is created, before the webview's own script. It only
 * measures; it never touches the app. `window.__bench` is what the benchmark calls through
 * `frame.evaluate`. Kept as plain JavaScript text so that no compiler helper leaks into it.
 *
 * All times are epoch milliseconds (performance.timeOrigin + performance.now()), so they can be
 * compared with the publisher's timestamps after correcting for the clock offset measured with
 * `clockOffset` in ui.ts.
 */
export const FRAME_SCRIPT = String.raw`
(() => {
  if (window.__bench) return;
  const now = () => performance.timeOrigin + performance.now();
  const B = (window.__bench = {});
  const isLogWebview = () => !!document.querySelector('[data-testid="log-view"]');

  /** Rows of the list inside the viewport: [{pos, seq, placeholder, el}]. */
  function visibleRows() {
    const list = document.querySelector('.log-rows');
    if (!list) return [];
    // The list scrolls from its end (column-reverse: scrollTop 0 at the bottom, negative above);
    // rows are placed by translateY from the top of the content.
    const top = list.scrollTop + list.scrollHeight - list.clientHeight;
    const bottom = top + list.clientHeight;
    const out = [];
    for (const el of list.querySelectorAll('.log-row')) {
      const m = /translateY\(([-\d.]+)px\)/.exec(el.style.transform);
      const y = m ? Number(m[1]) : NaN;
      if (y + 1 < top || y >= bottom) continue;
      out.push({ pos: Number(el.dataset.pos), seq: el.dataset.seq === undefined ? undefined : Number(el.dataset.seq), placeholder: el.classList.contains('placeholder'), el });
    }
    return out;
  }
  B.visibleRows = () => visibleRows().map(({ pos, seq, placeholder }) => ({ pos, seq, placeholder }));

  // First rows painted after the frame was created (startup figure).
  B.createdAt = now();
  B.firstRowAt = undefined;
  // Every frame below the workbench (webview hosts and contents). VS Code writes the webview's
  // HTML into its frame with document.open, which keeps this window but drops observers and
  // animation-frame callbacks: a timer looks for the first row (for at most two minutes), then
  // the next animation frame, the one that paints it, gives the time.
  if (window.top !== window) {
    const timer = setInterval(() => {
      if (document.querySelector('.log-row[data-seq]')) {
        clearInterval(timer);
        requestAnimationFrame(() => { B.firstRowAt = now(); });
      } else if (now() - B.createdAt > 120000) clearInterval(timer);
    }, 4);
  }

  // Frame times: deltas between requestAnimationFrame callbacks.
  let frames;
  B.startFrames = () => {
    frames = [];
    const mine = frames;
    let last;
    const tick = (t) => {
      if (frames !== mine) return;
      if (last !== undefined) mine.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  B.stopFrames = () => { const f = frames || []; frames = undefined; return f; };

  // Long animation frames (50 ms or more) while measuring, and what held the thread in each
  // (Long Animation Frames API; used in the workbench's frame, where Chromium reports the frames of
  // the whole page with the scripts of nested frames): scripts (the longest by invoker and source,
  // with the style and layout they forced), the frame's rendering (animation callbacks, then style,
  // layout and paint), and the rest, which no script explains (GC between tasks, message passing).
  let longFrames;
  const summarize = (e) => {
    const end = e.startTime + e.duration;
    let scriptBefore = 0, script = 0, forced = 0, top;
    for (const s of e.scripts) {
      script += s.duration;
      forced += s.forcedStyleAndLayoutDuration;
      if (!e.renderStart || s.startTime < e.renderStart) scriptBefore += s.duration;
      if (!top || s.duration > top.duration) top = s;
    }
    const render = e.renderStart ? end - e.renderStart : 0;
    return {
      ms: e.duration,
      script_ms: script,
      forced_layout_ms: forced,
      render_ms: render,
      style_layout_ms: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0,
      other_ms: Math.max(0, e.duration - scriptBefore - render),
      top_script: top ? { invoker: top.invokerType + ' ' + top.invoker, source: (top.sourceURL || '').split('?')[0].split('/').pop() + (top.sourceFunctionName ? ' ' + top.sourceFunctionName : ''), ms: top.duration } : null,
    };
  };
  B.startLongFrames = () => {
    const mine = (longFrames = { entries: [], observer: undefined });
    if (!PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) return;
    mine.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) mine.entries.push(summarize(e)); });
    mine.observer.observe({ type: 'long-animation-frame' });
  };
  /** The long frames since startLongFrames, or null where the browser has no such API. */
  B.stopLongFrames = () => {
    const mine = longFrames;
    longFrames = undefined;
    if (!mine || !mine.observer) return null;
    for (const e of mine.observer.takeRecords()) mine.entries.push(summarize(e));
    mine.observer.disconnect();
    return mine.entries;
  };

  // Latency: rows whose payload carries "t":<send time> are timed when first on screen, by an
  // IntersectionObserver on the list: its entries are computed in the rendering step that lays the
  // row out (entry.time), so the timing reads no layout. (Reading scrollTop or scrollHeight here
  // would force the frame's layout, and in code-server the workbench page's first, at the moment
  // of each post: the very work the list no longer does while following.) A mutation observer,
  // which reads no layout either, hands each new row to it; a row whose message changed in place
  // is observed again, for a fresh first entry.
  let latency;
  B.startLatency = () => {
    const list = document.querySelector('.log-rows');
    if (!list) throw new Error('no .log-rows in this frame');
    const state = { seen: new Set(), samples: [], observer: undefined, io: undefined };
    state.onEntries = (entries) => {
      for (const e of entries) {
        const el = e.target;
        if (!e.isIntersecting || el.classList.contains('placeholder') || el.dataset.seq === undefined) continue;
        const seq = Number(el.dataset.seq);
        if (state.seen.has(seq)) continue;
        state.seen.add(seq);
        const m = /"t":([\d.]+)/.exec(el.querySelector('.payload')?.textContent || '');
        if (m) state.samples.push(performance.timeOrigin + e.time - Number(m[1]));
      }
    };
    state.io = new IntersectionObserver(state.onEntries, { root: list });
    const watch = (el) => { state.io.unobserve(el); state.io.observe(el); };
    const watchAll = (node) => {
      if (node.nodeType !== 1) return;
      if (node.classList.contains('log-row')) watch(node);
      else for (const el of node.querySelectorAll('.log-row')) watch(el);
    };
    state.observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') { if (r.target.classList.contains('log-row')) watch(r.target); }
        else for (const n of r.addedNodes) watchAll(n);
      }
    });
    state.observer.observe(list, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-seq'] });
    watchAll(list);
    // When each tail post of the host arrives (the host posts at most ~30 a second, fewer when
    // the round trip through code-server is slow): the gaps say how much of the latency is waiting.
    state.posts = [];
    state.onMessage = (e) => { if (e.data && e.data.method === 'log/tail') state.posts.push(now()); };
    window.addEventListener('message', state.onMessage);
    latency = state;
  };
  B.stopLatency = () => {
    if (!latency) return { samples: [], seen: 0, posts: [] };
    latency.observer.disconnect();
    latency.onEntries(latency.io.takeRecords());
    latency.io.disconnect();
    window.removeEventListener('message', latency.onMessage);
    const result = { samples: latency.samples, seen: latency.seen.size, posts: latency.posts };
    latency = undefined;
    return result;
  };

  // Jumps: armed before the input; the time runs from the input event to the first animation
  // frame in which the rows on screen are real rows (no placeholders) at the right place.
  B.jump = null;
  B.armJump = (kind) => {
    const overview = () => document.querySelector('[data-testid="log-overview"]');
    const range = () => {
      const o = overview();
      return o ? { first: Number(o.getAttribute('aria-valuemin')), last: Number(o.getAttribute('aria-valuemax')) } : undefined;
    };
    // placeholders: some frame showed "Loading…" rows on screen, i.e. the rows were fetched from the
    // host; without it the jump was served by the view's row cache.
    const state = { kind, startedAt: undefined, target: undefined, doneAt: undefined, ms: undefined, rows: undefined, placeholders: false };
    B.jump = state;
    const onInput = (e) => {
      if (state.startedAt !== undefined) return;
      state.startedAt = performance.timeOrigin + e.timeStamp;
      const r = range();
      if (kind === 'middle') {
        const box = overview().getBoundingClientRect();
        const fraction = Math.min(1, Math.max(0, (e.clientY - box.top) / Math.max(1, box.height)));
        state.target = r.first + Math.floor(fraction * (r.last - r.first + 1));
      } else if (kind === 'top') state.target = r.first;
      else state.target = r.last;
      document.removeEventListener('pointerdown', onInput, true);
      document.removeEventListener('keydown', onInput, true);
      requestAnimationFrame(check);
    };
    const check = () => {
      const rows = visibleRows();
      const real = rows.length > 0 && rows.every((r) => !r.placeholder);
      if (rows.some((r) => r.placeholder)) state.placeholders = true;
      const first = rows.length ? rows[0].pos : NaN;
      const last = rows.length ? rows[rows.length - 1].pos : NaN;
      const there =
        kind === 'middle' ? Math.abs(first - state.target) <= 2 :
        kind === 'top' ? first === state.target :
        last === state.target;
      if (real && there) {
        state.doneAt = now();
        state.ms = state.doneAt - state.startedAt;
        state.rows = [first, last];
        return;
      }
      if (now() - state.startedAt > 10000) { state.ms = -1; state.rows = [first, last]; return; }
      requestAnimationFrame(check);
    };
    document.addEventListener('pointerdown', onInput, true);
    document.addEventListener('keydown', onInput, true);
  };

  B.now = now;
  B.isLogWebview = isLogWebview;
})();
`;
