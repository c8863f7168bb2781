import type { AttendeeDetails } from '@tabline/protocol';

/**
 * Attendees whose name holds every word typed (in any case), or whose phone
 * holds the digits typed (three or more; spaces and dashes do not matter).
 * Everyone for an empty search.
 */
export function searchAttendees(
  attendees: readonly AttendeeDetails[],
  text: string,
): AttendeeDetails[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...attendees];
  const digits = text.replace(/\D/g, '');
  return attendees.filter((attendee) => {
    const name = attendee.name.toLowerCase();
    const byName = words.every((word) => name.includes(word));
    const byPhone =
      digits.length >= 3 && (attendee.phone ?? '').replace(/\D/g, '').includes(digits);
    return byName || byPhone;
  });
}
