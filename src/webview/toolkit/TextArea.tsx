export interface TextAreaProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  rows?: number;
  maxLength?: number;
  testId?: string;
  class?: string;
  onKeyDown?: (event: KeyboardEvent) => void;
}

/** A multi-line text input with its label (the toolkit's `vscode-text-area`). */
export function TextArea(props: TextAreaProps) {
  return (
    <vscode-text-area
      class={props.class}
      value={props.value}
      placeholder={props.placeholder}
      rows={props.rows}
      resize="vertical"
      maxlength={props.maxLength}
      data-testid={props.testId}
      onInput={(e) => {
        props.onInput(e.currentTarget.value);
      }}
      onKeyDown={props.onKeyDown}
    >
      {props.label}
    </vscode-text-area>
  );
}
