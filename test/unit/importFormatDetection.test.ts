import { strict as assert } from 'node:assert';
import { detectFormat } from '../../src/extension/import/importProfiles';
import { fixture } from './importFixtures';

describe('Import: recognising the format from the content', () => {
  it('an MQTTX JSON export', () => {
    assert.equal(detectFormat(fixture('mqttx-export.json')), 'mqttx-json');
  });
  it('one MQTTX connection object (a single-connection export)', () => {
    assert.equal(detectFormat('{"name":"a","clientId":"c","host":"h","port":1883,"mqttVersion":"5.0"}'), 'mqttx-json');
  });
  it('an MQTTX YAML export', () => {
    assert.equal(detectFormat(fixture('mqttx-export.yaml')), 'mqttx-yaml');
  });
  it('MQTT Explorer settings', () => {
    assert.equal(detectFormat(fixture('mqtt-explorer-settings.json')), 'mqtt-explorer');
  });
  it('a settings.json with vsmqtt profiles, comments included', () => {
    assert.equal(detectFormat(fixture('vsmqtt-settings.json')), 'vsmqtt');
  });
  it('command lines starting with a comment', () => {
    assert.equal(detectFormat(fixture('commands.sh')), 'command-line');
  });
  it('a command with an environment assignment before it', () => {
    assert.equal(detectFormat('MQTT_PASSWORD=x mosquitto_sub -t a'), 'command-line');
  });
  it('nothing for a .tracemq.json (already TraceMQ\'s own)', () => {
    assert.equal(detectFormat('{"profiles":[{"name":"a","url":"mqtt://h"}]}'), undefined);
  });
});
