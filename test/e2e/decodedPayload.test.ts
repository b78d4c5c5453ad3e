import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as cborEncode } from 'cbor-x';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { connectAndOpenLog, openWorkbench, type Workbench } from '../harness/workbench';

const PROFILE = 'decoders-e2e';

/**
 * The packaged extension decodes a bound topic (issue 24): a workspace `.tracemq.json` binds
 * `e2e/cbor/#` to CBOR, mosquitto_pub publishes CBOR bytes made by cbor-x, and the log shows the
 * row with its CBOR badge and the decoded JSON, and the detail pane opens it decoded.
 */
describe('decoded payloads in VS Code (code-server)', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;

  before(async function () {
    broker = await startMosquitto();
    bench = await openWorkbench(
      'decoders',
      JSON.stringify({
        profiles: [{ name: PROFILE, url: broker.url, protocolVersion: '5.0', clientId: `tracemq-dec-${process.pid}`, subscriptions: [{ topic: 'e2e/#', qos: 1 }] }],
        decoders: [{ topic: 'e2e/cbor/#', format: 'cbor' }],
      }),
    );
  });

  after(async () => {
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  it('shows a CBOR payload of a bound topic decoded in the log row and the detail pane', async () => {
    const log = await connectAndOpenLog(bench!.vscode, PROFILE);
    const file = join(bench!.workspace, 'reading.cbor');
    writeFileSync(file, cborEncode({ t: 21.5, ok: true }));
    mosquittoPub(broker.port, ['-V', '5', '-t', 'e2e/cbor/s1', '-q', '1', '-f', file]);
    const row = log.locator('[data-testid="log-row"]').filter({ hasText: 'e2e/cbor/s1' });
    await row.waitFor({ timeout: 15_000 });
    assert.deepEqual([(await row.getByTestId('row-decoded-badge').textContent())?.trim(), (await row.locator('.payload').textContent())?.trim()], ['CBOR', '{"t":21.5,"ok":true}']);
    await row.click();
    const payload = log.locator('[data-testid="detail-payload"][data-view="decoded"]');
    await payload.waitFor({ timeout: 15_000 });
    assert.equal(await payload.innerText(), JSON.stringify({ t: 21.5, ok: true }, null, 2));
  });
});
