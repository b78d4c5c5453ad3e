// JSX typing for the toolkit's custom elements. Only the wrapper components in this folder use
// these tags; the rest of the webview uses the wrappers.
import type { HTMLAttributes } from 'preact';

/** A toolkit form control: its current value is a property. */
export interface ToolkitValueElement extends HTMLElement {
  value: string;
}

export interface ToolkitCheckedElement extends HTMLElement {
  checked: boolean;
}

type ToolkitAttributes<E extends HTMLElement> = HTMLAttributes<E> & { 'data-testid'?: string };

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'vscode-text-field': ToolkitAttributes<ToolkitValueElement> & {
        value?: string;
        placeholder?: string;
        maxlength?: number;
        readonly?: boolean;
        type?: 'text' | 'password';
        disabled?: boolean;
      };
      'vscode-text-area': ToolkitAttributes<ToolkitValueElement> & {
        value?: string;
        placeholder?: string;
        rows?: number;
        resize?: 'none' | 'both' | 'horizontal' | 'vertical';
        maxlength?: number;
      };
      'vscode-dropdown': ToolkitAttributes<ToolkitValueElement> & { value?: string; position?: 'above' | 'below'; disabled?: boolean };
      'vscode-option': ToolkitAttributes<ToolkitValueElement> & { value?: string; selected?: boolean };
      'vscode-checkbox': ToolkitAttributes<ToolkitCheckedElement> & { checked?: boolean; disabled?: boolean };
      'vscode-button': ToolkitAttributes<HTMLElement> & { appearance?: 'primary' | 'secondary' | 'icon'; disabled?: boolean };
    }
  }
}
