export interface TextFieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  maxLength?: number;
  testId?: string;
  class?: string;
  onKeyDown?: (event: KeyboardEvent) => void;
}

/** A one-line text input with its label (the toolkit's `vscode-text-field`). */
export function TextField(props: TextFieldProps) {
  return (
    <vscode-text-field
      class={props.class}
      value={props.value}
      placeholder={props.placeholder}
      maxlength={props.maxLength}
      data-testid={props.testId}
      onInput={(e) => {
        props.onInput(e.currentTarget.value);
      }}
      onKeyDown={props.onKeyDown}
    >
      {props.label}
    </vscode-text-field>
  );
}
