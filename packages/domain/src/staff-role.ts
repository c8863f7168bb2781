/**
 * What a member of staff may do, for an organisation or for one event. Each
 * role can do everything the roles below it can:
 *
 * - `cashier`: take orders;
 * - `manager`: also void and refund, pair devices, block lost wristbands,
 *   look after attendees;
 * - `owner`: also manage staff, devices, events, locations, menus and
 *   promotions.
 */
export const STAFF_ROLES = ['cashier', 'manager', 'owner'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Whether `role` includes everything `required` may do. */
export function roleAllows(role: StaffRole, required: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(required);
}

/** The higher of two roles, either of which may be absent. */
export function higherRole(a: StaffRole | null, b: StaffRole | null): StaffRole | null {
  if (a === null) return b;
  if (b === null) return a;
  return roleAllows(a, b) ? a : b;
}
