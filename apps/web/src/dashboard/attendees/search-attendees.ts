import type { AttendeeDetails } from '@tabline/protocol';

/**
 * Attendees whose name holds every word typed (in any case), or, when what
 * was typed has no letters, whose phone holds its digits (three or more;
 * spaces, dashes and a plus do not matter). Everyone for an empty search.
 */
export function searchAttendees(
  attendees: readonly AttendeeDetails[],
  text: string,
): AttendeeDetails[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...attendees];
  const digits = /[a-z]/i.test(text) ? '' : text.replace(/\D/g, '');
  return attendees.filter((attendee) => {
    const name = attendee.name.toLowerCase();
    const byName = words.every((word) => name.includes(word));
    const byPhone =
      digits.length >= 3 && (attendee.phone ?? '').replace(/\D/g, '').includes(digits);
    return byName || byPhone;
  });
}
