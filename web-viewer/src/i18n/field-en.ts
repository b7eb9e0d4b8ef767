import type { FieldTexts } from './field-dictionary';

export const fieldEn: FieldTexts = {
  invalid: {
    title: 'Enter a title (not empty, not only spaces, at most 300 characters).',
    hostUnitId: 'Choose a host unit within your scope.',
    originSiteId: "Choose the host unit's hall.",
    scheduledStart: 'Choose a start date and time.',
    scheduledEnd: 'The end must be after the start.',
    agenda: 'The agenda is too long (at most 20,000 characters).',
    participants: 'Choose at least one branch of units or one site within your scope.',
    code: 'A code is made of unaccented letters, digits, dots, hyphens or underscores, starting with a letter or digit.',
    name: 'Enter a name (not empty, not only spaces).',
    unitId: 'Choose a unit within your scope.',
    address: 'The address is too long.',
    delegateCapacity: 'Delegates: a whole number from 0 to 100,000.',
    linkProfile: 'Choose the kind of link.',
    contact: 'The contact is too long.',
    username: 'A username is made of unaccented letters, digits, dots, hyphens or underscores.',
    displayName: 'Enter a full name (not empty).',
    password: 'A password needs at least 10 characters.',
    currentPassword: 'The current password is wrong.',
    newPassword: 'The new password needs at least 10 characters and must differ from the current one.',
    role: 'Choose a role.',
    siteId: 'A site operator needs exactly one site; other roles have none.',
    text: 'Enter the text (not empty, at most 1,000 characters).',
    classification: 'Choose a classification.',
  },
  taken: {
    code: 'This code is already used. Choose another one.',
    username: 'This username is taken. Choose another one.',
  },
  elsewhere: (field) => `The value of "${field}" is not valid.`,
};
