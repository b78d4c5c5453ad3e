import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { FrameLocator } from 'playwright-core';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import type { VsCodeDriver } from '../harness/vscodeDriver';
import { connectAndOpenLog, openWorkbench, type Workbench } from '../harness/workbench';
import { waitForLogHeaderCounter } from '../harness/logHeaderCounters';

const PROFILE = 'topics-e2e';
const TOPICS = 10_000;
const ROUNDS = 2;

interface ExportedTopic {
  topic: string;
  count: number;
  bytes: number;
  retained: boolean;
  firstReceivedAt: string;
  lastReceivedAt: string;
  lastPayloadPreview: string | null;
}

/**
 * The topic index in the packaged extension: 10,000 distinct topics flooded in (twice each, QoS 1),
 * then `TraceMQ: Export Topics…` from the palette writes one entry per topic with exact counts.
 */
describe('Export Topics after a flood of 10,000 topics, in VS Code (code-server)', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;
  let vscode: VsCodeDriver;
  let workspace: string;
  let log: FrameLocator;

  before(async function () {
    broker = await startMosquitto({ extraConfig: ['max_queued_messages 0'] });
    bench = await openWorkbench(
      'topics',
      JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: `tracemq-topics-${process.pid}`, subscriptions: [{ topic: 'fleet/#', qos: 1 }] }] }),
    );
    ({ vscode, workspace } = bench);
    log = await connectAndOpenLog(vscode, PROFILE);
  });

  after(async () => {
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  it('exports every topic received with its exact count, bytes and last payload', async () => {
    const publisher = await mqtt.connectAsync(broker.url, { clientId: `topics-pub-${process.pid}` });
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const batch: Promise<unknown>[] = [];
        for (let t = 0; t < TOPICS; t++) batch.push(publisher.publishAsync(`fleet/${t % 50}/${t}`, `r${round}`, { qos: 1 }));
        await Promise.all(batch);
      }
    } finally {
      await publisher.endAsync();
    }
    await waitForLogHeaderCounter(log, 'counter-received', TOPICS * ROUNDS, 60_000);

    const file = join(workspace, 'topics.json');
    await vscode.runCommand('TraceMQ: Export Topics…');
    await vscode.answerFileDialog(file, /topics-e2e-topics-[\w-]+\.json$/);
    await vscode.waitForNotification(/exported 10,000 topics of "topics-e2e"/);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { exportedAt: string; connection: string; topics: ExportedTopic[] };
    const wrong = doc.topics.filter((t) => t.count !== ROUNDS || t.bytes !== 4 || t.lastPayloadPreview !== `r${ROUNDS - 1}` || Number.isNaN(Date.parse(t.lastReceivedAt)));
    assert.deepEqual(
      { connection: doc.connection, topics: doc.topics.length, distinct: new Set(doc.topics.map((t) => t.topic)).size, sum: doc.topics.reduce((s, t) => s + t.count, 0), wrong: wrong.slice(0, 3) },
      { connection: PROFILE, topics: TOPICS, distinct: TOPICS, sum: TOPICS * ROUNDS, wrong: [] },
    );
  });
});
