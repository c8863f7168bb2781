/** The path of an event's admin resource: `/v1/events/<id>/<parts…>`, each part escaped. */
export function eventPath(eventId: string, ...parts: string[]): string {
  return ['/v1/events', eventId, ...parts]
    .map((part, index) => (index === 0 ? part : encodeURIComponent(part)))
    .join('/');
}
