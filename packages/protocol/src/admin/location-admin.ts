import Type from 'typebox';
import type { Static } from 'typebox';
import { Id, Name } from '../schema-parts.ts';
import { NameInput, Page } from './admin-schema-parts.ts';

/** Schemas of an event's locations: its bars and stands. */

export const LocationRequest = Type.Object({ name: NameInput }, { additionalProperties: false });
export type LocationRequest = Static<typeof LocationRequest>;

export const LocationDetails = Type.Object({ id: Id, name: Name }, { additionalProperties: false });
export type LocationDetails = Static<typeof LocationDetails>;

export const LocationPage = Page(LocationDetails);
export type LocationPage = Static<typeof LocationPage>;

export const LocationParams = Type.Object(
  { eventId: Id, locationId: Id },
  { additionalProperties: false },
);
