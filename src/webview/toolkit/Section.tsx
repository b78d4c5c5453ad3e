import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface SectionProps {
  title: string;
  children: ComponentChildren;
  /** Shown under the title, e.g. why the section is disabled. */
  note?: ComponentChildren;
  disabled?: boolean;
  testId?: string;
}

/** A titled group of form fields (a native `fieldset`; the toolkit has no section component). */
export function Section(props: SectionProps) {
  const id = useId();
  return (
    <section
      class={`form-section${props.disabled ? ' disabled' : ''}`}
      aria-labelledby={id}
      aria-disabled={props.disabled === true}
      data-testid={props.testId}
    >
      <h2 class="form-section-title" id={id}>
        {props.title}
      </h2>
      {props.note !== undefined && <p class="form-section-note">{props.note}</p>}
      <div class="form-section-body">{props.children}</div>
    </section>
  );
}
