import { describe, expect, it } from 'vitest';
import type { AttendeeDetails } from '@tabline/protocol';
import { searchAttendees } from '../src/dashboard/attendees/search-attendees.ts';

const attendee = (name: string, phone: string | null): AttendeeDetails => ({
  id: `00000000-0000-7000-8000-${name.length.toString().padStart(12, '0')}`,
  name,
  phone,
  tier: 'standard',
  createdAt: '2026-07-05T18:00:00.000Z',
});

const PEOPLE = [
  attendee('Ada Lovelace', '+15550100007'),
  attendee('Grace Hopper', '+15550100012'),
  attendee('Guest 17', null),
];
const names = (text: string) => searchAttendees(PEOPLE, text).map((found) => found.name);

describe('searching attendees on the dashboard', () => {
  it('finds names holding every word typed, in any case and order', () => {
    expect(names('ada')).toEqual(['Ada Lovelace']);
    expect(names('HOPPER grace')).toEqual(['Grace Hopper']);
    expect(names('guest 17')).toEqual(['Guest 17']);
  });

  it('finds phones by their digits, however they are typed', () => {
    expect(names('555 0100-012')).toEqual(['Grace Hopper']);
    expect(names('+1 555')).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('does not read the digits of a wristband code as a phone', () => {
    expect(names('tl-0007')).toEqual([]);
  });

  it('lists everyone for an empty search', () => {
    expect(names('  ')).toHaveLength(3);
  });
});
