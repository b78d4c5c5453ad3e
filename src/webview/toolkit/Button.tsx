import type { ComponentChildren } from 'preact';

export interface ButtonProps {
  children: ComponentChildren;
  onClick: () => void;
  appearance?: 'primary' | 'secondary' | 'icon';
  disabled?: boolean;
  title?: string;
  pressed?: boolean;
  testId?: string;
  class?: string;
}

/** A button (the toolkit's `vscode-button`). */
export function Button(props: ButtonProps) {
  return (
    <vscode-button
      class={props.class}
      appearance={props.appearance ?? 'primary'}
      disabled={props.disabled === true}
      title={props.title}
      aria-pressed={props.pressed}
      data-testid={props.testId}
      onClick={() => {
        if (!props.disabled) props.onClick();
      }}
    >
      {props.children}
    </vscode-button>
  );
}
