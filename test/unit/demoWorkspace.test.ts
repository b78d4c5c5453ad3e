import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoWorkspace } from '../../scripts/demo/demoWorkspace';
import { parseDecoderBindings } from '../../src/extension/decoders/decoderBindingParser';
import { loadBindingCodecs } from '../../src/extension/decoders/bindingCodecLoader';
import { parseProfiles } from '../../src/extension/profiles/profileParser';
import { sparkplugCodec } from '../harness/decoderFixtures';

/** The workspace `npm start` opens: TraceMQ's own parsers read it without a problem. */
describe('the demo workspace', function () {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'tracemq-demo-ws-'));
    writeDemoWorkspace(folder, 'mqtt://127.0.0.1:1883');
  });
  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const text = (): string => readFileSync(join(folder, '.tracemq.json'), 'utf8');

  it('has an MQTT 5 and an MQTT 3.1.1 profile and no profile problem', () => {
    const parsed = parseProfiles(text());
    assert.deepEqual([parsed.problems, parsed.profiles.map((p) => p.protocolVersion)], [[], ['5.0', '3.1.1']]);
  });

  it('has its templates without a problem', () => {
    assert.deepEqual(parseProfiles(text()).templates.map((t) => t.name), ['rpc echo request', 'flood on (10k msg/s)', 'flood off']);
  });

  it('binds its protobuf stream to the .proto it holds, which loads', () => {
    const { bindings, problems } = parseDecoderBindings(text());
    const loaded = loadBindingCodecs(bindings, folder, (p) => readFileSync(p, 'utf8'), sparkplugCodec);
    assert.deepEqual([problems, loaded.map((l) => l.problem)], [[], [undefined, undefined]]);
  });
});
