import { strict as assert } from 'node:assert';
import type { Locator } from 'playwright-core';
import type { NotifyMessage } from '../../src/shared/ipc/envelope';
import type { MessageDto } from '../../src/shared/log/logProtocol';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import type { RowDto } from '../../src/shared/log/rowDto';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeMessage, makeRow } from '../harness/messageDto';

const isReady = (m: LogViewToHost): m is NotifyMessage<'log/ready', Record<string, never>> => m.kind === 'notify' && m.method === 'log/ready';
/** The element's text, or '' while it is not in the page. */
const textOf = (l: Locator): Promise<string> => l.innerText({ timeout: 200 }).catch(() => '');
/** A protobuf-like payload: bytes that are not UTF-8. */
const BINARY = new Uint8Array([0x0a, 0x02, 0x64, 0x31, 0x11, 0xff, 0xfe, 0x00]);

/** The bound telemetry message at `seq`, its payload BINARY. */
const telemetryMessage = (seq: number, extra: Partial<MessageDto> = {}): MessageDto => makeMessage(seq, { topic: `factory/l${seq}/telemetry`, payload: BINARY, ...extra });

/**
 * The decoders in the log webview, in Chromium: the format badge and decoded preview of a bound
 * topic's row, the detail pane's Decoded view (with the raw bytes one click away, the decode error
 * in words, Sparkplug notes and Request Rebirth), and "Payload as" the topic's binding in the
 * publish panel.
 */
describe('decoded payloads in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  beforeEach(async function () {
    view = await suite.open();
    await view.waitForPosted(isReady, 'log/ready');
  });
  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  async function snapshot(tail: RowDto[]): Promise<void> {
    const next = tail.length;
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: next, received: next }), tail } });
    await view.page.locator(`[data-testid="log-row"][data-seq="${next - 1}"]`).waitFor();
  }

  /** Opens the row `seq` and answers with `message`; returns the detail pane's payload. */
  async function open(seq: number, message: MessageDto): Promise<Locator> {
    await view.page.locator(`[data-testid="log-row"][data-seq="${seq}"]`).click();
    await view.reply(await view.waitForRequest('log/message/get'), { message });
    const payload = view.page.getByTestId('detail-payload');
    await payload.waitFor();
    return payload;
  }

  it('shows a bound topic\'s row with its format badge and the decoded preview instead of the bytes', async function () {
    await snapshot([makeRow(0, { payload: BINARY, decoded: { format: 'protobuf', text: '{"device":"d1","temperature":21.5}' } })]);
    const row = view.page.locator('[data-testid="log-row"][data-seq="0"]');
    assert.deepEqual([await row.getByTestId('row-decoded-badge').innerText(), await row.locator('.payload').innerText()], ['PB', '{"device":"d1","temperature":21.5}']);
  });

  it('shows an unbound topic\'s row without a badge', async function () {
    await snapshot([makeRow(0)]);
    assert.equal(await view.page.getByTestId('row-decoded-badge').count(), 0);
  });

  it('marks the badge of a row whose payload did not decode', async function () {
    await snapshot([makeRow(0, { payload: BINARY, decoded: { format: 'cbor', text: 'cbor decode error: truncated', failed: true } })]);
    assert.match((await view.page.getByTestId('row-decoded-badge').getAttribute('class')) ?? '', /\bfailed\b/);
  });

  it('opens a bound topic\'s message in the Decoded view, pretty-printed', async function () {
    await snapshot([makeRow(0, { payload: BINARY, decoded: { format: 'protobuf', text: '{}' } })]);
    const payload = await open(0, telemetryMessage(0, { decoded: { format: 'protobuf', value: { device: 'd1', counter: '18446744073709551615' } } }));
    await waitFor(async () => (await textOf(payload)) === JSON.stringify({ device: 'd1', counter: '18446744073709551615' }, null, 2), 'the decoded JSON');
  });

  it('keeps the raw bytes one click away from the Decoded view', async function () {
    await snapshot([makeRow(0, { payload: BINARY })]);
    const payload = await open(0, telemetryMessage(0, { decoded: { format: 'protobuf', value: { device: 'd1' } } }));
    await view.page.getByTestId('detail-view').getByRole('radio', { name: 'Hex', exact: true }).click();
    await waitFor(async () => (await textOf(payload)).startsWith('00000000  0a 02 64 31'), 'the hex dump');
  });

  it('asks the host to copy a decoded message as JSON with "Copy decoded (JSON)"', async function () {
    await snapshot([makeRow(0, { payload: BINARY })]);
    await open(0, telemetryMessage(0, { decoded: { format: 'protobuf', value: { device: 'd1' } } }));
    await view.page.getByTestId('detail-copy-decoded').click();
    assert.deepEqual((await view.waitForRequest('log/message/copy')).params, { seq: 0, what: 'decoded' });
  });

  it('copies a bound topic\'s raw payload as base64, not as text', async function () {
    await snapshot([makeRow(0, { payload: BINARY })]);
    await open(0, telemetryMessage(0, { decoded: { format: 'protobuf', value: { device: 'd1' } } }));
    const copy = view.page.getByTestId('detail-copy-payload');
    assert.equal(await copy.innerText(), 'Copy payload (base64)');
    await copy.click();
    assert.deepEqual((await view.waitForRequest('log/message/copy')).params, { seq: 0, what: 'base64' });
  });

  it('copies the raw payload as hex while the Hex view is shown', async function () {
    await snapshot([makeRow(0, { payload: BINARY })]);
    const payload = await open(0, telemetryMessage(0, { decoded: { format: 'protobuf', value: { device: 'd1' } } }));
    await view.page.getByTestId('detail-view').getByRole('radio', { name: 'Hex', exact: true }).click();
    await waitFor(async () => (await textOf(payload)).startsWith('00000000  0a 02 64 31'), 'the hex dump');
    await view.page.getByTestId('detail-copy-payload').click();
    assert.deepEqual((await view.waitForRequest('log/message/copy')).params, { seq: 0, what: 'hex' });
  });

  it('offers no "Copy decoded" for a payload that did not decode', async function () {
    await snapshot([makeRow(0, { payload: BINARY })]);
    await open(0, telemetryMessage(0, { decoded: { format: 'protobuf', error: 'truncated or corrupt at byte 5' } }));
    assert.equal(await view.page.getByTestId('detail-copy-decoded').count(), 0);
  });

  it('copies an unbound text payload as text', async function () {
    const text = new TextEncoder().encode('hello');
    await snapshot([makeRow(0, { payload: text })]);
    await open(0, makeMessage(0, { payload: text }));
    await view.page.getByTestId('detail-copy-payload').click();
    assert.deepEqual([(await view.waitForRequest('log/message/copy')).params, await view.page.getByTestId('detail-copy-decoded').count()], [{ seq: 0, what: 'payload' }, 0]);
  });

  it('says why a payload did not decode, at which byte, and shows its bytes', async function () {
    await snapshot([makeRow(0, { payload: BINARY })]);
    const payload = await open(0, telemetryMessage(0, { decoded: { format: 'protobuf', error: 'truncated or corrupt at byte 5: a field needs 8 bytes but only 3 remain' } }));
    await view.page.getByTestId('detail-view').getByRole('radio', { name: 'Decoded', exact: true }).click();
    await waitFor(async () => (await textOf(view.page.getByTestId('detail-decode-error'))).startsWith('Did not decode as Protobuf: truncated or corrupt at byte 5'), 'the decode error');
    assert.match(await payload.innerText(), /^00000000 {2}0a 02 64 31/);
  });

  it('shows a Sparkplug message\'s notes and asks the host for a rebirth of its edge node', async function () {
    await snapshot([makeRow(0, { payload: BINARY, topic: 'spBv1.0/plant/NDATA/press' })]);
    const note = 'no birth seen: aliases unresolved — Request Rebirth';
    await open(0, telemetryMessage(0, { topic: 'spBv1.0/plant/NDATA/press', decoded: { format: 'sparkplugb', value: { metrics: [{ alias: 5, value: 1 }] }, notes: [note], rebirth: { groupId: 'plant', edgeNodeId: 'press' } } }));
    assert.equal(await view.page.getByTestId('detail-decode-notes').innerText(), note);
    await view.page.getByTestId('detail-request-rebirth').click();
    const request = await view.waitForRequest('decoders/rebirth');
    await view.reply(request, { topic: 'spBv1.0/plant/NCMD/press' });
    assert.deepEqual(request.params, { groupId: 'plant', edgeNodeId: 'press' });
    await waitFor(async () => (await textOf(view.page.getByTestId('detail-action-done'))) === 'Rebirth requested: NCMD sent to plant/press.', 'the rebirth said');
  });

  it('offers "Payload as" the topic\'s binding and publishes the JSON to be encoded', async function () {
    const { page } = view;
    await page.locator('[data-testid="publish-topic"] input').fill('factory/l1/telemetry');
    await waitFor(async () => (await view.posted()).some((m) => m.kind === 'request' && m.method === 'publish/binding/get' && m.params.topic === 'factory/l1/telemetry'), 'the binding asked for');
    const asked = (await view.posted()).filter((m) => m.kind === 'request' && m.method === 'publish/binding/get');
    for (const request of asked) await view.reply(request, { format: 'protobuf' });
    await page.getByTestId('publish-format').click();
    await page.locator('[data-testid="publish-format"] vscode-option', { hasText: 'Protobuf' }).click();
    await page.locator('[data-testid="publish-payload"] textarea').fill('{"temperature": 20}');
    await page.getByTestId('publish-send').click();
    const request = await view.waitForRequest('mqtt/publish');
    assert.deepEqual(request.params, { topic: 'factory/l1/telemetry', payload: '{"temperature": 20}', encoding: 'utf8', qos: 0, retain: false, encode: true });
  });

  it('keeps the publish panel\'s first row on one line with "Payload as" a binding', async function () {
    const { page } = view;
    // Connected with MQTT 5, as the view is in use: the row then also holds "MQTT 5 properties…".
    await snapshot([makeRow(0)]);
    await page.getByTestId('publish-mqtt5-toggle').waitFor();
    const firstRow = page.locator('.publish-panel .publish-row').first();
    const before = (await firstRow.boundingBox())?.height;
    await page.locator('[data-testid="publish-topic"] input').fill('spBv1.0/plant/NCMD/press');
    await waitFor(async () => (await view.posted()).some((m) => m.kind === 'request' && m.method === 'publish/binding/get' && m.params.topic === 'spBv1.0/plant/NCMD/press'), 'the binding asked for');
    for (const request of (await view.posted()).filter((m) => m.kind === 'request' && m.method === 'publish/binding/get')) await view.reply(request, { format: 'sparkplugb' });
    await page.getByTestId('publish-format').click();
    await page.locator('[data-testid="publish-format"] vscode-option', { hasText: 'Sparkplug B' }).click();
    await page.getByTestId('publish-format-json').waitFor();
    assert.equal((await firstRow.boundingBox())?.height, before);
  });
});
