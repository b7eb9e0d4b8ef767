import { useEffect } from 'react';
import type { FormField } from '../i18n/field-dictionary';
import { useT } from '../i18n/language';
import type { Failure } from './failure';
import { fieldMessages } from './field-errors';

/** The sentence under a refused field; the input points at it with aria-describedby. */
export function FieldError({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <span className="field-error" id={id} role="alert" data-testid={id}>
      {text}
    </span>
  );
}

const fieldErrorId = (form: string, field: FormField) => `${form}-${field}-error`;

/**
 * A form's refused fields: `input(f)` marks the input, `error(f)` is the sentence to put under it.
 * `form` keeps the ids of two forms on one page apart.
 */
export function useFieldErrors(failure: Failure | null, form: string) {
  const t = useT();
  const messages = fieldMessages(failure, t.fields);
  const id = (field: FormField) => fieldErrorId(form, field);
  // The first refused field gets the focus (and so comes into view): the sentence is next to it.
  const first = Object.keys(messages)[0] as FormField | undefined;
  useEffect(() => {
    if (!first) return;
    document.querySelector<HTMLElement>(`[aria-describedby="${fieldErrorId(form, first)}"]`)?.focus();
    // A new refusal moves the focus (`form` is fixed for the form's life).
  }, [failure, first, form]);
  return {
    messages,
    input: (field: FormField) =>
      messages[field] ? { 'aria-invalid': true as const, 'aria-describedby': id(field) } : {},
    error: (field: FormField) => <FieldError id={id(field)} text={messages[field]} />,
  };
}
