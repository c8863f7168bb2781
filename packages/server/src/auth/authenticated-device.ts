/** Who is calling: a device, and the event and organisation it belongs to. */
export interface AuthenticatedDevice {
  readonly deviceId: string;
  readonly deviceName: string;
  readonly eventId: string;
  readonly organisationId: string;
  readonly locationId: string | null;
  readonly currency: string;
}
