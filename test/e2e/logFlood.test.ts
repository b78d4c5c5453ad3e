import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { FrameLocator } from 'playwright-core';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import type { VsCodeDriver } from '../harness/vscodeDriver';
import { connectAndOpenLog, openWorkbench, type Workbench } from '../harness/workbench';
import { logHeaderCounter, waitForLogHeaderCounter } from '../harness/logHeaderCounters';

const PROFILE = 'flood-e2e';
/** Messages in the flood, and how fast they are offered. */
const FLOOD = 20_000;
const RATE = 5_000;

interface Line {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
  receivedAt: string;
}

const readLines = (file: string): Line[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

/**
 * The message log under a flood, in a real VS Code: 20,000 QoS 1 messages at ~5,000 msg/s into an
 * open log that follows the tail, recorded to a file as they arrive. While the flood runs, a click
 * on a row opens its detail within a second. Afterwards the export (all, and filtered in the view)
 * and the recording hold exactly what was published.
 */
describe('the message log under a flood, in VS Code (code-server)', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;
  let vscode: VsCodeDriver;
  let workspace: string;
  let log: FrameLocator;
  const published: { topic: string; payload: string }[] = [];

  before(async function () {
    // No broker-side queue limit: every QoS 1 message must reach the client (broker drops would
    // make the comparison meaningless).
    broker = await startMosquitto({ extraConfig: ['max_queued_messages 0'] });
    bench = await openWorkbench(
      'flood',
      JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: `tracemq-flood-${process.pid}`, subscriptions: [{ topic: 'flood/#', qos: 1 }] }] }),
    );
    ({ vscode, workspace } = bench);
    log = await connectAndOpenLog(vscode, PROFILE);
  });

  after(async () => {
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  it('records, and stays responsive while 20,000 messages flood in: a row opens within a second', async () => {
    const recording = join(workspace, 'recording.ndjson');
    await log.locator('[data-testid="record"]').click();
    await vscode.answerFileDialog(recording, /flood-e2e-recording-[\w-]+\.ndjson$/);
    await log.locator('[data-testid="recording"]').waitFor();

    const publisher = await mqtt.connectAsync(broker.url, { clientId: `flood-pub-${process.pid}` });
    let sent = 0;
    const flood = (async () => {
      const started = Date.now();
      while (sent < FLOOD) {
        // Paced in 10 ms steps at RATE msg/s; QoS 1, so every message is acknowledged by the broker.
        const due = Math.min(FLOOD, Math.floor(((Date.now() - started) / 1000) * RATE) + 50);
        const batch: Promise<unknown>[] = [];
        for (; sent < due; sent++) {
          const topic = `flood/${sent % 10}`;
          const payload = JSON.stringify({ i: sent, t: 20 + (sent % 7) });
          published.push({ topic, payload });
          batch.push(publisher.publishAsync(topic, payload, { qos: 1 }));
        }
        await Promise.all(batch);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    // While it floods: click rows and time how long the detail pane takes to show them.
    const opened: number[] = [];
    try {
      // The status bar shows the rate (sampled once a second).
      await vscode.page.locator('.part.statusbar .statusbar-item', { hasText: /[1-9][\d,]* msg\/s/ }).first().waitFor({ timeout: 5000 });
      for (let i = 0; i < 3; i++) {
        await log.locator('[data-testid="log-row"]').first().waitFor();
        // The list moves under the pointer while it follows the flood: whichever row is clicked,
        // its detail must show up.
        const clickedAt = Date.now();
        await log.locator('[data-testid="log-row"]').nth(5).click();
        await log.locator('[data-testid="detail-topic"]').filter({ hasText: /^flood\/\d$/ }).waitFor({ timeout: 1000 });
        opened.push(Date.now() - clickedAt);
        await log.locator('[data-testid="detail-close"]').click();
        // The click stopped following (the row stays where it was clicked); back to the tail for the next one.
        await log.locator('[data-testid="follow"]').filter({ hasText: 'Resume' }).click({ timeout: 2000 });
      }
    } finally {
      await flood;
      await publisher.endAsync();
    }
    assert.equal(opened.length, 3);
    assert.ok(sent === FLOOD, `published ${sent}`);
    await waitForLogHeaderCounter(log, 'counter-received', FLOOD);
    assert.equal(await logHeaderCounter(log, 'counter-evicted'), 0);

    await log.locator('[data-testid="record"]').click();
    await vscode.waitForNotification(/recorded 20,000 messages of "flood-e2e"/);
    const lines = readLines(recording);
    assert.equal(lines.length, FLOOD, 'every message was recorded');
    assert.deepEqual(
      lines.map((l) => [l.topic, l.payload, l.qos]),
      published.map((p) => [p.topic, p.payload, 1]),
      'recorded in order, byte for byte',
    );
    await vscode.dismissNotifications();
    console.log(`      detail opened ${opened.map((ms) => `${ms} ms`).join(', ')} after clicks during the flood`);
  });

  it('filters on the host: a topic filter shows exactly the matching tenth', async () => {
    await log.locator('[data-testid="filter-topic"] input').fill('flood/3');
    await log.locator('[data-testid="filter-topic"] input').press('Enter');
    await waitForLogHeaderCounter(log, 'counter-shown', FLOOD / 10);
    assert.equal(await log.locator('[data-testid="filter-status"]').textContent(), `${(FLOOD / 10).toLocaleString('en-US')} of ${FLOOD.toLocaleString('en-US')} stored messages match`);
    const topics = await log.locator('[data-testid="log-row"] .topic').allTextContents();
    assert.ok(topics.length > 5 && topics.every((t) => t === 'flood/3'), `rows on screen: ${topics.slice(0, 5).join(', ')}…`);
  });

  it('exports what the filter shows from the view, and everything from the palette', async () => {
    const filtered = join(workspace, 'filtered.ndjson');
    await log.locator('[data-testid="export"]').click();
    await vscode.answerFileDialog(filtered, /flood-e2e-[\w-]+\.ndjson$/);
    await vscode.waitForNotification(/exported 2,000 messages matching topic flood\/3 of "flood-e2e"/);
    const want = published.filter((p) => p.topic === 'flood/3');
    assert.deepEqual(readLines(filtered).map((l) => [l.topic, l.payload]), want.map((p) => [p.topic, p.payload]));
    await vscode.dismissNotifications();

    const all = join(workspace, 'all.ndjson');
    // The view has a filter: the palette asks which messages.
    await vscode.runCommandAndPick('TraceMQ: Export Log…', 'Every stored message');
    await vscode.answerFileDialog(all, /flood-e2e-[\w-]+\.ndjson$/);
    await vscode.waitForNotification(/exported 20,000 messages of "flood-e2e"/);
    const lines = readLines(all);
    assert.deepEqual(lines.map((l) => [l.topic, l.payload, l.qos, l.retain]), published.map((p) => [p.topic, p.payload, 1, false]));
    for (const l of lines) assert.ok(!Number.isNaN(Date.parse(l.receivedAt)));
    await vscode.dismissNotifications();
  });
});
