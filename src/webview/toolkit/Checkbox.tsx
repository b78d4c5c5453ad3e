export interface CheckboxProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
  class?: string;
  disabled?: boolean;
}

/** A labelled on/off switch (the toolkit's `vscode-checkbox`). */
export function Checkbox(props: CheckboxProps) {
  return (
    <vscode-checkbox
      class={props.class}
      checked={props.checked}
      disabled={props.disabled === true}
      data-testid={props.testId}
      onChange={(e) => {
        if (e.currentTarget.checked !== props.checked) props.onChange(e.currentTarget.checked);
      }}
    >
      {props.label}
    </vscode-checkbox>
  );
}
