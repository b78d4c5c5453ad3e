export interface TextFieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  maxLength?: number;
  testId?: string;
  class?: string;
  onKeyDown?: (event: KeyboardEvent) => void;
  /** `password` masks the input. */
  type?: 'text' | 'password';
  disabled?: boolean;
  /** Marks the field as holding an invalid value (for assistive technology and styling). */
  invalid?: boolean;
  /** Id of the element that describes the field (e.g. its error text). */
  describedBy?: string;
  /** Tooltip, e.g. the field's keyboard shortcut. */
  title?: string;
}

/** A one-line text input with its label (the toolkit's `vscode-text-field`). */
export function TextField(props: TextFieldProps) {
  return (
    <vscode-text-field
      class={props.class}
      value={props.value}
      placeholder={props.placeholder}
      maxlength={props.maxLength}
      type={props.type}
      disabled={props.disabled === true}
      aria-invalid={props.invalid}
      aria-describedby={props.describedBy}
      title={props.title}
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
