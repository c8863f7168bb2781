/**
 * How many SMS segments a body takes, as carriers bill it (Twilio's
 * `num_segments`). A body written only in the GSM-7 alphabet fits 160
 * characters in one segment, 153 per segment once split (the rest of each
 * segment carries the concatenation header); any other character switches the
 * whole body to UCS-2, which fits 70 UTF-16 code units, or 67 once split.
 * Characters of the GSM-7 extension table take two septets.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const GSM7_SINGLE_SEGMENT_SEPTETS = 160;
const GSM7_SEPTETS_PER_SEGMENT = 153;
const UCS2_SINGLE_SEGMENT_UNITS = 70;
const UCS2_UNITS_PER_SEGMENT = 67;

/** Septets the body takes in GSM-7, or null if it needs UCS-2. */
function gsm7Septets(body: string): number | null {
  let septets = 0;
  for (const char of body) {
    if (GSM7_BASIC.includes(char)) septets += 1;
    else if (GSM7_EXTENSION.includes(char)) septets += 2;
    else return null;
  }
  return septets;
}

function segmentsFor(units: number, single: number, perSegment: number): number {
  return units <= single ? 1 : Math.ceil(units / perSegment);
}

/** At least 1: a message without a body (media only) still goes out as one. */
export function countSmsSegments(body: string): number {
  const septets = gsm7Septets(body);
  if (septets !== null) {
    return segmentsFor(septets, GSM7_SINGLE_SEGMENT_SEPTETS, GSM7_SEPTETS_PER_SEGMENT);
  }
  return segmentsFor(body.length, UCS2_SINGLE_SEGMENT_UNITS, UCS2_UNITS_PER_SEGMENT);
}
