// The client's words for every failure: each code of the contracts' catalogue (and the browser's
// own) has a Vietnamese and an English sentence, the failure box shows that sentence (never the
// server's English), and a refused field gets its own sentence next to it.
import { errorCatalogue, type ErrorCode } from '@lienthong/contracts';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Dictionary, Language } from '../src/i18n/dictionary';
import { en } from '../src/i18n/en';
import { formFields } from '../src/i18n/field-dictionary';
import { LanguageProvider } from '../src/i18n/language';
import { vi } from '../src/i18n/vi';
import { Failure, localFailureCodes } from '../src/shared/failure';
import { FailureBox } from '../src/shared/FailureBox';
import { fieldMessages } from '../src/shared/field-errors';

const dictionaries: Record<Language, Dictionary> = { vi, en };
const wireCodes = Object.keys(errorCatalogue) as ErrorCode[];

/** The text a person sees: the markup without tags, the technical detail (a closed <details>) left out. */
function visibleText(failure: Failure, language: Language): string {
  const html = renderToStaticMarkup(createElement(LanguageProvider, { initial: language, children: createElement(FailureBox, { failure }) }));
  return html
    .replace(/<details[\s\S]*<\/details>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the error catalogue in both languages', () => {
  it.each([...wireCodes, ...localFailureCodes])('%s has a title and a hint in Vietnamese and in English', (code) => {
    for (const t of [vi, en]) {
      expect(t.errors[code].title.trim().length, code).toBeGreaterThan(3);
      expect(t.errors[code].hint.trim().length, code).toBeGreaterThan(3);
    }
    expect(vi.errors[code].title).not.toBe(en.errors[code].title);
  });

  describe.each(['vi', 'en'] as const)('shown in %s', (language) => {
    const t = dictionaries[language];
    it.each(wireCodes)('%s: the box shows the catalogue sentence, not the server message', (code) => {
      const serverWords = `${errorCatalogue[code].message} (server detail)`;
      const text = visibleText(new Failure(code, serverWords), language);
      expect(text).toBe(`${t.errors[code].title} ${t.errors[code].hint} `.trim());
      expect(text).not.toContain('server detail');
    });
  });

  it('has a sentence for every field, in both languages', () => {
    for (const field of formFields) {
      expect(vi.fields.invalid[field].length, field).toBeGreaterThan(5);
      expect(en.fields.invalid[field].length, field).toBeGreaterThan(5);
      expect(vi.fields.invalid[field]).not.toBe(en.fields.invalid[field]);
    }
    expect(Object.keys(vi.fields.taken).sort()).toEqual(Object.keys(en.fields.taken).sort());
  });
});

describe('sentences next to the refused fields', () => {
  it("puts the page's sentence next to the field a BAD_REQUEST names (a title of spaces)", () => {
    const failure = new Failure('BAD_REQUEST', 'Invalid body: title: Too small', [{ path: ['title'], message: 'Too small: expected string to have >=1 characters' }]);
    expect(fieldMessages(failure, vi.fields)).toEqual({ title: vi.fields.invalid.title });
    expect(fieldMessages(failure, en.fields)).toEqual({ title: en.fields.invalid.title });
  });

  it('says a code or username is taken for a CONFLICT naming it', () => {
    const failure = new Failure('CONFLICT', 'A unit with code HN already exists', [{ path: ['code'], message: 'taken' }]);
    expect(fieldMessages(failure, vi.fields)).toEqual({ code: vi.fields.taken.code });
    const person = new Failure('CONFLICT', 'taken', [{ path: ['username'], message: 'taken' }]);
    expect(fieldMessages(person, en.fields)).toEqual({ username: en.fields.taken.username });
  });

  it('marks nested paths by their field, ignores fields the forms do not have and clashes (they have their own box)', () => {
    const failure = new Failure('BAD_REQUEST', 'x', [
      { path: ['participants', 'rules', 0, 'unitId'], message: 'Invalid UUID' },
      { path: ['nonsense'], message: 'x' },
      { path: [], message: 'change at least one field' },
    ]);
    expect(fieldMessages(failure, vi.fields)).toEqual({ participants: vi.fields.invalid.participants });
    const clash = new Failure('SCHEDULE_CLASH', 'x', [{ path: ['participants', 'DC-HN'], message: 'in conference …' }]);
    expect(fieldMessages(clash, vi.fields)).toEqual({});
    expect(fieldMessages(null, vi.fields)).toEqual({});
  });
});
