import type { KeyValue } from './keyValue';
import { Button } from './Button';
import { TextField } from './TextField';

export type { KeyValue } from './keyValue';

export interface KeyValueListProps {
  label: string;
  rows: readonly KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  keyLabel?: string;
  valueLabel?: string;
  addLabel?: string;
  disabled?: boolean;
  testId?: string;
}

/** An editable list of key/value pairs (headers, user properties) built on the text field and button wrappers. */
export function KeyValueList(props: KeyValueListProps) {
  const { rows, onChange, disabled } = props;
  const update = (index: number, change: Partial<KeyValue>): void => {
    onChange(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));
  };
  return (
    <div class="kv-list" role="group" aria-label={props.label} data-testid={props.testId}>
      <div class="kv-list-label">{props.label}</div>
      {rows.map((row, index) => (
        <div class="kv-row" key={index} data-testid={props.testId ? `${props.testId}-row` : undefined}>
          <TextField
            class="kv-key"
            label={index === 0 ? (props.keyLabel ?? 'Name') : ''}
            value={row.key}
            disabled={disabled === true}
            testId={props.testId ? `${props.testId}-key-${index}` : undefined}
            onInput={(key) => {
              update(index, { key });
            }}
          />
          <TextField
            class="kv-value"
            label={index === 0 ? (props.valueLabel ?? 'Value') : ''}
            value={row.value}
            disabled={disabled === true}
            testId={props.testId ? `${props.testId}-value-${index}` : undefined}
            onInput={(value) => {
              update(index, { value });
            }}
          />
          <Button
            appearance="secondary"
            disabled={disabled === true}
            title={`Remove ${row.key || 'this row'}`}
            testId={props.testId ? `${props.testId}-remove-${index}` : undefined}
            onClick={() => {
              onChange(rows.filter((_, i) => i !== index));
            }}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button
        appearance="secondary"
        disabled={disabled === true}
        testId={props.testId ? `${props.testId}-add` : undefined}
        onClick={() => {
          onChange([...rows, { key: '', value: '' }]);
        }}
      >
        {props.addLabel ?? 'Add'}
      </Button>
    </div>
  );
}
