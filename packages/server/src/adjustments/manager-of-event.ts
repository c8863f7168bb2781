/**
 * SQL condition: staff user `u` is an active manager or owner of event `e`,
 * by their organisation-wide role or their role for that event (the higher
 * counts, as `authorizeEvent` decides). Both aliases must be in scope.
 */
export const IS_MANAGER_OF_EVENT = `(u.disabled_at is null and u.organisation_id = e.organisation_id
  and (u.organisation_role in ('manager', 'owner')
       or exists (select 1 from staff_event_roles r
                  where r.user_id = u.id and r.event_id = e.id
                    and r.role in ('manager', 'owner'))))`;
