import type { FieldTexts, FormField } from '../i18n/field-dictionary';
import { formFields } from '../i18n/field-dictionary';
import type { Failure } from './failure';

export type FieldMessages = Partial<Record<FormField, string>>;

const known = new Set<string>(formFields);

/**
 * The sentences to show next to each field a failure names (its issues' first path segment).
 * The server keeps its codes and its English validator words; the page says it in its own words.
 * A clash names sites under `participants`: it has its own box, so it marks no field here.
 */
export function fieldMessages(failure: Failure | null, texts: FieldTexts): FieldMessages {
  if (!failure?.issues || failure.code === 'SCHEDULE_CLASH') return {};
  const messages: FieldMessages = {};
  for (const issue of failure.issues) {
    const field = issue.path.find((p): p is string => typeof p === 'string');
    if (!field || !known.has(field)) continue;
    const name = field as FormField;
    messages[name] ??= (failure.code === 'CONFLICT' ? texts.taken[name] : undefined) ?? texts.invalid[name];
  }
  return messages;
}

/** A failure the page found itself before sending, shaped like the server's (one field refused). */
export function fieldIssue(field: FormField, message: string): NonNullable<Failure['issues']>[number] {
  return { path: [field], message };
}
