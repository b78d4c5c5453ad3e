import { Checkbox } from '../toolkit/Checkbox';
import { Dropdown } from '../toolkit/Dropdown';
import { KeyValueList } from '../toolkit/KeyValueList';
import { TextField } from '../toolkit/TextField';
import type { DraftProblem, PublishDraft } from './publishDraft';

export interface Mqtt5PublishFieldsProps {
  draft: PublishDraft;
  change: (update: Partial<PublishDraft>) => void;
  /** The field a problem was found at, to mark it. */
  problem: DraftProblem | undefined;
}

const PAYLOAD_FORMATS = [
  { value: '' as const, label: 'Not sent' },
  { value: '1' as const, label: '1 · UTF-8 text' },
  { value: '0' as const, label: '0 · bytes' },
];

/** The MQTT 5 PUBLISH properties: content type, payload format, expiry, topic alias, response topic, correlation data, user properties. */
export function Mqtt5PublishFields({ draft, change, problem }: Mqtt5PublishFieldsProps) {
  const invalid = (field: keyof PublishDraft): boolean => problem?.field === field;
  return (
    <div class="mqtt5-fields" data-testid="publish-mqtt5">
      <div class="publish-row">
        <TextField class="grow" label="Content type" value={draft.contentType} placeholder="application/json" testId="publish-contentType" onInput={(contentType) => { change({ contentType }); }} />
        <Dropdown label="Payload format" value={draft.payloadFormat} options={PAYLOAD_FORMATS} testId="publish-payloadFormat" onChange={(payloadFormat) => { change({ payloadFormat }); }} />
        <TextField class="narrow" label="Expiry (s)" value={draft.messageExpiry} placeholder="none" testId="publish-messageExpiry" invalid={invalid('messageExpiry')} onInput={(messageExpiry) => { change({ messageExpiry }); }} />
        <TextField class="narrow" label="Topic alias" value={draft.topicAlias} placeholder="none" testId="publish-topicAlias" invalid={invalid('topicAlias')} onInput={(topicAlias) => { change({ topicAlias }); }} />
      </div>
      <div class="publish-row">
        <TextField class="grow" label="Response topic" value={draft.responseTopic} placeholder="devices/led/ack" testId="publish-responseTopic" invalid={invalid('responseTopic')} onInput={(responseTopic) => { change({ responseTopic }); }} />
        <TextField class="grow" label="Correlation data" value={draft.correlationData} placeholder={draft.correlationHex ? 'a1 b2 c3' : 'req-1'} testId="publish-correlationData" invalid={invalid('correlationData')} onInput={(correlationData) => { change({ correlationData }); }} />
        <Checkbox label="Hex" checked={draft.correlationHex} testId="publish-correlationHex" onChange={(correlationHex) => { change({ correlationHex }); }} />
      </div>
      <KeyValueList
        label="User properties"
        rows={draft.userProperties}
        keyLabel="Name"
        valueLabel="Value"
        addLabel="Add user property"
        testId="publish-userProperties"
        onChange={(userProperties) => {
          change({ userProperties });
        }}
      />
    </div>
  );
}
