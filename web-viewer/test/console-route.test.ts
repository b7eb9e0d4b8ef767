import { describe, expect, it } from 'vitest';
import { consoleRouteOf } from '../src/console/shell/console-route';

const id = '0b6f8a52-3f43-4c8e-9d1e-2a1b3c4d5e6f';

describe('consoleRouteOf', () => {
  it.each([
    ['/console', { page: 'overview' }],
    ['/console/', { page: 'overview' }],
    ['/console/units', { page: 'units' }],
    ['/console/people', { page: 'people' }],
    ['/console/conferences', { page: 'conferences' }],
    ['/console/conferences/new', { page: 'newConference' }],
    [`/console/conferences/${id}`, { page: 'conference', id }],
    [`/console/conferences/${id}/edit`, { page: 'editConference', id }],
    [`/console/conferences/${id}/print`, { page: 'printSites', id }],
    [`/console/conferences/${id}/attendance/`, { page: 'attendance', id }],
    ['/console/conferences/not-an-id', { page: 'notFound' }],
    ['/console/elsewhere', { page: 'notFound' }],
  ] as const)('%s', (path, route) => expect(consoleRouteOf(path)).toEqual(route));
});
