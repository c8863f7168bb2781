/** Who is calling: a device, and the event and organisation it belongs to. */
export interface AuthenticatedDevice {
  readonly deviceId: string;
  /** The token this request came with (for rotation). */
  readonly tokenId: string;
  readonly deviceName: string;
  readonly eventId: string;
  readonly organisationId: string;
  readonly locationId: string | null;
  readonly currency: string;
  /** The event's locations, read with the token so a push needs no extra query. */
  readonly locationIds: readonly string[];
}
