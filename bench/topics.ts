/**
 * Issue 23: the topic index's cost and speed (`npm run bench -- --only topics`, and in full runs).
 * Measured in a process of its own (topicsBenchProcess.ts) started with `--expose-gc`, so that
 * memory figures come after forced collections and nothing else shares its heap.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNumber, type TargetRow } from './report';
import { round } from './stats';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export interface TopicsBenchResult {
  ingest: IngestFigures;
  /** The same with 1,000 topics, where the hot path's topic cache always hits without the index too. */
  ingestFewTopics: IngestFigures;
  memory: { topics: number; indexMb: number; indexBytesPerTopic: number; treeMb: number; treeBytesPerTopic: number };
  search: { topics: number; textMs: number; filterMs: number; matches: number };
  children: { children: number; byNameMs: number; byCountMs: number };
}

export interface IngestFigures {
    messages: number;
    distinctTopics: number;
    /** Median CPU per message of the hot path (receiver → store), with the topic index and with a no-op index. */
    usPerMsgWith: number;
    usPerMsgWithout: number;
    /** With / without, per pair of runs (run back to back): median, min, max. */
    ratio: number;
    ratioMin: number;
    ratioMax: number;
    counted: number;
    /** Every repeat: sum of counts = messages received, and every topic tracked. */
  allCounted: boolean;
}

/** Index CPU per message at most this many times the hot path's without it. */
const CPU_RATIO_TARGET = 1.1;

export function runTopicsBench(quick = false): Promise<TopicsBenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', join(HERE, 'topicsBenchProcess.ts'), ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    // 'close': its last line may still be unread when 'exit' comes.
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`topics bench exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as TopicsBenchResult);
    });
  });
}

function ingestRows(i: IngestFigures): TargetRow[] {
  const s = `topic index, ${formatNumber(i.messages)} msgs over ${formatNumber(i.distinctTopics)} topics`;
  return [
    { section: s, figure: 'parse + hot path without the index (reference)', value: `${round(i.usPerMsgWithout, 3)} µs CPU/msg`, target: '', pass: null },
    { section: s, figure: 'parse + hot path with the index', value: `${round(i.usPerMsgWith, 3)} µs CPU/msg`, target: '', pass: null },
    { section: s, figure: 'with / without (CPU per msg)', value: `${round(i.ratio, 3)} (${round(i.ratioMin, 3)}–${round(i.ratioMax, 3)})`, target: `≤ ${CPU_RATIO_TARGET}`, pass: i.ratio <= CPU_RATIO_TARGET },
    { section: s, figure: 'sum of counts = received', value: `${formatNumber(i.counted)}; ${i.allCounted ? 'yes' : 'NO'}`, target: 'yes', pass: i.allCounted },
  ];
}

export function topicsRows(t: TopicsBenchResult): TargetRow[] {
  const m = t.memory;
  return [
    ...ingestRows(t.ingest),
    ...ingestRows(t.ingestFewTopics),
    { section: `${formatNumber(m.topics)} topics`, figure: 'index memory (heap + array buffers)', value: `${round(m.indexMb)} MB, ${Math.round(m.indexBytesPerTopic)} B/topic`, target: '≤ 150 MB', pass: m.indexMb <= 150 },
    { section: `${formatNumber(m.topics)} topics`, figure: 'tree, built when the pane first asks', value: `${round(m.treeMb)} MB, ${Math.round(m.treeBytesPerTopic)} B/topic`, target: '', pass: null },
    { section: `${formatNumber(m.topics)} topics`, figure: 'search (text; MQTT filter)', value: `${round(t.search.textMs)} ms (${formatNumber(t.search.matches)} matches); ${round(t.search.filterMs)} ms`, target: '≤ 200 ms', pass: Math.max(t.search.textMs, t.search.filterMs) <= 200 },
    { section: `${formatNumber(m.topics)} topics`, figure: `first window of a node with ${formatNumber(t.children.children)} children (host; by name / by count)`, value: `${round(t.children.byNameMs)} / ${round(t.children.byCountMs)} ms`, target: '≤ 100 ms', pass: Math.max(t.children.byNameMs, t.children.byCountMs) <= 100 },
  ];
}
