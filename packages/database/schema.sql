table attendees
  column id uuid not null
  column event_id uuid not null
  column name text not null
  column phone text
  column tier text not null default 'standard'::text
  column created_at timestamp with time zone not null default now()
  constraint attendees_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint attendees_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{6,14}$'::text))
  constraint attendees_pkey PRIMARY KEY (id)
  constraint attendees_tier_check CHECK ((tier = ANY (ARRAY['standard'::text, 'vip'::text])))
  CREATE INDEX attendees_event_id ON public.attendees USING btree (event_id, id)
  CREATE UNIQUE INDEX attendees_pkey ON public.attendees USING btree (id)
  CREATE TRIGGER attendees_tier_touches_wristbands AFTER UPDATE OF tier ON public.attendees FOR EACH ROW WHEN ((old.tier IS DISTINCT FROM new.tier)) EXECUTE FUNCTION touch_attendee_wristbands()

table auth_failures
  column scope text not null
  column subject text not null
  column failed_at timestamp with time zone not null default now()
  CREATE INDEX auth_failures_by_subject ON public.auth_failures USING btree (scope, subject, failed_at)
  CREATE INDEX auth_failures_failed_at ON public.auth_failures USING btree (failed_at)

table categories
  column id uuid not null
  column event_id uuid not null
  column name text not null
  column position integer not null default 0
  column active boolean not null default true
  column sync_seq bigint not null
  constraint categories_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint categories_pkey PRIMARY KEY (id)
  CREATE INDEX categories_event_sync ON public.categories USING btree (event_id, sync_seq)
  CREATE UNIQUE INDEX categories_pkey ON public.categories USING btree (id)
  CREATE TRIGGER categories_sync_seq BEFORE INSERT OR UPDATE ON public.categories FOR EACH ROW EXECUTE FUNCTION assign_sync_seq()

table device_tokens
  column id uuid not null
  column device_id uuid not null
  column token_hash bytea not null
  column created_at timestamp with time zone not null default now()
  column expires_at timestamp with time zone not null
  column revoked_at timestamp with time zone
  column rotated_at timestamp with time zone
  constraint device_tokens_device_id_fkey FOREIGN KEY (device_id) REFERENCES devices(id)
  constraint device_tokens_pkey PRIMARY KEY (id)
  constraint device_tokens_token_hash_key UNIQUE (token_hash)
  CREATE INDEX device_tokens_device_id ON public.device_tokens USING btree (device_id)
  CREATE UNIQUE INDEX device_tokens_pkey ON public.device_tokens USING btree (id)
  CREATE UNIQUE INDEX device_tokens_token_hash_key ON public.device_tokens USING btree (token_hash)

table devices
  column id uuid not null
  column event_id uuid not null
  column location_id uuid
  column name text not null
  column created_at timestamp with time zone not null default now()
  column last_seen_at timestamp with time zone
  column app_version text
  column backlog_count integer
  column amount_at_risk_cents bigint
  column oldest_queued_age_ms bigint
  column clock_skew_ms bigint
  column last_heartbeat_at timestamp with time zone
  constraint devices_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint devices_event_id_name_key UNIQUE (event_id, name)
  constraint devices_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id)
  constraint devices_pkey PRIMARY KEY (id)
  CREATE UNIQUE INDEX devices_event_id_name_key ON public.devices USING btree (event_id, name)
  CREATE UNIQUE INDEX devices_pkey ON public.devices USING btree (id)

table events
  column id uuid not null
  column organisation_id uuid not null
  column name text not null
  column currency character(3) not null
  column time_zone text not null
  column created_at timestamp with time zone not null default now()
  column offline_spending_limit_cents bigint not null default 15000
  column offline_warning_seconds integer not null default 1800
  constraint events_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text))
  constraint events_offline_spending_limit_cents_check CHECK ((offline_spending_limit_cents >= 0))
  constraint events_offline_warning_seconds_check CHECK ((offline_warning_seconds > 0))
  constraint events_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES organisations(id)
  constraint events_pkey PRIMARY KEY (id)
  CREATE INDEX events_organisation_id ON public.events USING btree (organisation_id, id)
  CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id)

table idempotency_keys
  column device_id uuid not null
  column key uuid not null
  column request_hash bytea not null
  column result jsonb not null
  column created_at timestamp with time zone not null default now()
  constraint idempotency_keys_device_id_fkey FOREIGN KEY (device_id) REFERENCES devices(id)
  constraint idempotency_keys_pkey PRIMARY KEY (device_id, key)
  CREATE UNIQUE INDEX idempotency_keys_pkey ON public.idempotency_keys USING btree (device_id, key)

table ledger_entries
  column id bigint not null generated always as identity
  column tab_id uuid not null
  column order_id uuid not null
  column kind text not null
  column amount_cents bigint not null
  column created_at timestamp with time zone not null default now()
  column adjustment_id uuid
  constraint ledger_entries_adjustment_id_fkey FOREIGN KEY (adjustment_id) REFERENCES order_adjustments(id)
  constraint ledger_entries_adjustment_kind CHECK (((kind = 'order'::text) = (adjustment_id IS NULL)))
  constraint ledger_entries_kind_check CHECK ((kind = ANY (ARRAY['order'::text, 'void'::text, 'refund'::text])))
  constraint ledger_entries_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id)
  constraint ledger_entries_pkey PRIMARY KEY (id)
  constraint ledger_entries_tab_id_fkey FOREIGN KEY (tab_id) REFERENCES tabs(id)
  CREATE INDEX ledger_entries_tab ON public.ledger_entries USING btree (tab_id)
  CREATE UNIQUE INDEX ledger_entries_one_per_adjustment ON public.ledger_entries USING btree (adjustment_id)
  CREATE UNIQUE INDEX ledger_entries_one_per_order ON public.ledger_entries USING btree (order_id) WHERE (kind = 'order'::text)
  CREATE UNIQUE INDEX ledger_entries_pkey ON public.ledger_entries USING btree (id)

table locations
  column id uuid not null
  column event_id uuid not null
  column name text not null
  constraint locations_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint locations_event_id_name_key UNIQUE (event_id, name)
  constraint locations_pkey PRIMARY KEY (id)
  CREATE UNIQUE INDEX locations_event_id_name_key ON public.locations USING btree (event_id, name)
  CREATE UNIQUE INDEX locations_pkey ON public.locations USING btree (id)

table order_adjustments
  column id uuid not null
  column event_id uuid not null
  column order_id uuid not null
  column kind text not null
  column amount_cents bigint not null
  column reason text not null
  column approved_by uuid not null
  column device_id uuid
  column placed_at timestamp with time zone not null
  column received_at timestamp with time zone not null
  constraint order_adjustments_amount_cents_check CHECK ((amount_cents >= 0))
  constraint order_adjustments_approved_by_fkey FOREIGN KEY (approved_by) REFERENCES staff_users(id)
  constraint order_adjustments_device_id_fkey FOREIGN KEY (device_id) REFERENCES devices(id)
  constraint order_adjustments_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint order_adjustments_kind_check CHECK ((kind = ANY (ARRAY['void'::text, 'refund'::text])))
  constraint order_adjustments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id)
  constraint order_adjustments_pkey PRIMARY KEY (id)
  constraint order_adjustments_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 200)))
  CREATE INDEX order_adjustments_order_id ON public.order_adjustments USING btree (order_id)
  CREATE UNIQUE INDEX order_adjustments_pkey ON public.order_adjustments USING btree (id)

table order_items
  column order_id uuid not null
  column line_no integer not null
  column product_id uuid not null
  column product_name text not null
  column unit_price_cents bigint not null
  column quantity integer not null
  column category_id uuid
  column discount_cents bigint not null default 0
  column promotion_ids uuid[] not null default '{}'::uuid[]
  constraint order_items_discount_cents_check CHECK ((discount_cents >= 0))
  constraint order_items_discount_within_amount CHECK ((discount_cents <= (unit_price_cents * quantity)))
  constraint order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id)
  constraint order_items_pkey PRIMARY KEY (order_id, line_no)
  constraint order_items_quantity_check CHECK ((quantity > 0))
  constraint order_items_unit_price_cents_check CHECK ((unit_price_cents >= 0))
  CREATE UNIQUE INDEX order_items_pkey ON public.order_items USING btree (order_id, line_no)

table order_reviews
  column id bigint not null generated always as identity
  column event_id uuid not null
  column order_id uuid not null
  column flags text[] not null
  column reason text not null
  column reviewed_by uuid not null
  column reviewed_at timestamp with time zone not null default now()
  constraint order_reviews_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint order_reviews_flags_check CHECK ((cardinality(flags) > 0))
  constraint order_reviews_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id)
  constraint order_reviews_pkey PRIMARY KEY (id)
  constraint order_reviews_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 200)))
  constraint order_reviews_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES staff_users(id)
  CREATE INDEX order_reviews_order ON public.order_reviews USING btree (order_id, id)
  CREATE UNIQUE INDEX order_reviews_pkey ON public.order_reviews USING btree (id)

table orders
  column id uuid not null
  column event_id uuid not null
  column device_id uuid not null
  column device_seq bigint not null
  column location_id uuid
  column wristband_uid text not null
  column currency character(3) not null
  column total_cents bigint not null
  column placed_at timestamp with time zone not null
  column received_at timestamp with time zone not null
  column catalog_version bigint not null
  column status text not null default 'received'::text
  column flags text[] not null default '{}'::text[]
  column tab_id uuid
  column processed_at timestamp with time zone
  column adjusted_cents bigint not null default 0
  column voided_at timestamp with time zone
  column charged_cents bigint
  constraint orders_adjusted_within_total CHECK (((adjusted_cents >= 0) AND (adjusted_cents <= total_cents)))
  constraint orders_charged_once_processed CHECK (((status = 'processed'::text) = (charged_cents IS NOT NULL)))
  constraint orders_charged_within_total CHECK (((charged_cents >= 0) AND (charged_cents <= total_cents)))
  constraint orders_device_id_fkey FOREIGN KEY (device_id) REFERENCES devices(id)
  constraint orders_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint orders_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id)
  constraint orders_pkey PRIMARY KEY (id)
  constraint orders_status_check CHECK ((status = ANY (ARRAY['received'::text, 'processed'::text])))
  constraint orders_tab_id_fkey FOREIGN KEY (tab_id) REFERENCES tabs(id)
  constraint orders_total_cents_check CHECK ((total_cents >= 0))
  CREATE INDEX orders_device_seq ON public.orders USING btree (device_id, device_seq)
  CREATE INDEX orders_event_flagged ON public.orders USING btree (event_id, received_at, id) WHERE (flags <> '{}'::text[])
  CREATE INDEX orders_event_received ON public.orders USING btree (event_id, received_at, id)
  CREATE INDEX orders_event_wristband ON public.orders USING btree (event_id, wristband_uid)
  CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)

table organisations
  column id uuid not null
  column name text not null
  column created_at timestamp with time zone not null default now()
  constraint organisations_pkey PRIMARY KEY (id)
  CREATE UNIQUE INDEX organisations_pkey ON public.organisations USING btree (id)

table pairing_codes
  column id uuid not null
  column event_id uuid not null
  column location_id uuid
  column device_name text not null
  column code_hash bytea not null
  column created_by uuid not null
  column created_at timestamp with time zone not null default now()
  column expires_at timestamp with time zone not null
  column used_at timestamp with time zone
  column device_id uuid
  constraint pairing_codes_check CHECK (((used_at IS NULL) = (device_id IS NULL)))
  constraint pairing_codes_code_hash_key UNIQUE (code_hash)
  constraint pairing_codes_created_by_fkey FOREIGN KEY (created_by) REFERENCES staff_users(id)
  constraint pairing_codes_device_id_fkey FOREIGN KEY (device_id) REFERENCES devices(id)
  constraint pairing_codes_device_name_check CHECK (((length(device_name) >= 1) AND (length(device_name) <= 120)))
  constraint pairing_codes_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint pairing_codes_location_id_fkey FOREIGN KEY (location_id) REFERENCES locations(id)
  constraint pairing_codes_pkey PRIMARY KEY (id)
  CREATE INDEX pairing_codes_event_id ON public.pairing_codes USING btree (event_id)
  CREATE UNIQUE INDEX pairing_codes_code_hash_key ON public.pairing_codes USING btree (code_hash)
  CREATE UNIQUE INDEX pairing_codes_pkey ON public.pairing_codes USING btree (id)

table products
  column id uuid not null
  column event_id uuid not null
  column category_id uuid
  column name text not null
  column price_cents bigint not null
  column position integer not null default 0
  column active boolean not null default true
  column sync_seq bigint not null
  constraint products_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories(id)
  constraint products_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint products_pkey PRIMARY KEY (id)
  constraint products_price_cents_check CHECK ((price_cents >= 0))
  CREATE INDEX products_event_sync ON public.products USING btree (event_id, sync_seq)
  CREATE UNIQUE INDEX products_pkey ON public.products USING btree (id)
  CREATE TRIGGER products_sync_seq BEFORE INSERT OR UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION assign_sync_seq()

table promotions
  column id uuid not null
  column event_id uuid not null
  column definition jsonb not null
  column sync_seq bigint not null
  constraint promotions_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint promotions_pkey PRIMARY KEY (id)
  CREATE INDEX promotions_event_sync ON public.promotions USING btree (event_id, sync_seq)
  CREATE UNIQUE INDEX promotions_pkey ON public.promotions USING btree (id)
  CREATE TRIGGER promotions_sync_seq BEFORE INSERT OR UPDATE ON public.promotions FOR EACH ROW EXECUTE FUNCTION assign_sync_seq()

table sales_changes
  column id bigint not null generated always as identity
  column event_id uuid not null
  column dimension text not null
  column location_id uuid
  column quarter_start timestamp with time zone
  column product_id uuid
  column product_name text
  column charged_cents bigint not null default 0
  column voided_cents bigint not null default 0
  column refunded_cents bigint not null default 0
  column net_cents bigint not null default 0
  column orders bigint not null default 0
  column quantity bigint not null default 0
  constraint sales_changes_pkey PRIMARY KEY (id)
  CREATE INDEX sales_changes_event ON public.sales_changes USING btree (event_id, id)
  CREATE UNIQUE INDEX sales_changes_pkey ON public.sales_changes USING btree (id)

table sales_rollups
  column event_id uuid not null
  column dimension text not null
  column location_id uuid
  column quarter_start timestamp with time zone
  column product_id uuid
  column product_name text
  column charged_cents bigint not null default 0
  column voided_cents bigint not null default 0
  column refunded_cents bigint not null default 0
  column net_cents bigint not null default 0
  column orders bigint not null default 0
  column quantity bigint not null default 0
  constraint sales_rollups_dimension_check CHECK ((dimension = ANY (ARRAY['event'::text, 'location'::text, 'quarter'::text, 'product'::text])))
  constraint sales_rollups_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint sales_rollups_figure UNIQUE NULLS NOT DISTINCT (event_id, dimension, location_id, quarter_start, product_id)
  CREATE UNIQUE INDEX sales_rollups_figure ON public.sales_rollups USING btree (event_id, dimension, location_id, quarter_start, product_id) NULLS NOT DISTINCT

table sms_breaker_states
  column process_id uuid not null
  column state text not null
  column changed_at timestamp with time zone not null default now()
  column open_until timestamp with time zone
  constraint sms_breaker_states_check CHECK (((state = 'open'::text) = (open_until IS NOT NULL)))
  constraint sms_breaker_states_pkey PRIMARY KEY (process_id)
  constraint sms_breaker_states_state_check CHECK ((state = ANY (ARRAY['closed'::text, 'open'::text, 'half-open'::text])))
  CREATE UNIQUE INDEX sms_breaker_states_pkey ON public.sms_breaker_states USING btree (process_id)

table sms_messages
  column id uuid not null
  column event_id uuid not null
  column order_id uuid not null
  column purpose text not null
  column to_phone text not null
  column body text not null
  column status text not null
  column provider_sid text
  column attempts integer not null default 0
  column last_error text
  column created_at timestamp with time zone not null default now()
  column updated_at timestamp with time zone not null default now()
  column claimed_at timestamp with time zone
  column sent_at timestamp with time zone
  column delivery_status text
  column failure_code text
  constraint sms_messages_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint sms_messages_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id)
  constraint sms_messages_order_id_purpose_key UNIQUE (order_id, purpose)
  constraint sms_messages_pkey PRIMARY KEY (id)
  constraint sms_messages_purpose_check CHECK ((purpose = 'receipt'::text))
  constraint sms_messages_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'unknown'::text, 'failed'::text, 'skipped'::text])))
  CREATE INDEX sms_messages_claims ON public.sms_messages USING btree (claimed_at) WHERE (claimed_at IS NOT NULL)
  CREATE INDEX sms_messages_event_failures ON public.sms_messages USING btree (event_id, updated_at) WHERE ((status = 'failed'::text) OR (delivery_status = ANY (ARRAY['undelivered'::text, 'failed'::text, 'canceled'::text])))
  CREATE INDEX sms_messages_event_status ON public.sms_messages USING btree (event_id, status) INCLUDE (delivery_status, failure_code)
  CREATE INDEX sms_messages_phone_claims ON public.sms_messages USING btree (to_phone, claimed_at) WHERE (claimed_at IS NOT NULL)
  CREATE UNIQUE INDEX sms_messages_order_id_purpose_key ON public.sms_messages USING btree (order_id, purpose)
  CREATE UNIQUE INDEX sms_messages_pkey ON public.sms_messages USING btree (id)

table sms_opt_outs
  column phone text not null
  column source text not null
  column opted_out_at timestamp with time zone not null default now()
  constraint sms_opt_outs_pkey PRIMARY KEY (phone)
  constraint sms_opt_outs_source_check CHECK ((source = ANY (ARRAY['reply'::text, 'provider'::text])))
  CREATE UNIQUE INDEX sms_opt_outs_pkey ON public.sms_opt_outs USING btree (phone)

table staff_event_roles
  column user_id uuid not null
  column event_id uuid not null
  column role text not null
  constraint staff_event_roles_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint staff_event_roles_pkey PRIMARY KEY (user_id, event_id)
  constraint staff_event_roles_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'manager'::text, 'cashier'::text])))
  constraint staff_event_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES staff_users(id)
  CREATE INDEX staff_event_roles_event_id ON public.staff_event_roles USING btree (event_id)
  CREATE UNIQUE INDEX staff_event_roles_pkey ON public.staff_event_roles USING btree (user_id, event_id)

table staff_idempotency_keys
  column user_id uuid not null
  column key uuid not null
  column request_hash bytea not null
  column created_id text not null
  column created_at timestamp with time zone not null default now()
  constraint staff_idempotency_keys_pkey PRIMARY KEY (user_id, key)
  constraint staff_idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES staff_users(id)
  CREATE UNIQUE INDEX staff_idempotency_keys_pkey ON public.staff_idempotency_keys USING btree (user_id, key)

table staff_pin_keys
  column id uuid not null
  column user_id uuid not null
  column salt bytea not null
  column iterations integer not null
  column pin_key bytea not null
  column verifier bytea not null
  column created_at timestamp with time zone not null default now()
  column retired_at timestamp with time zone
  constraint staff_pin_keys_iterations_check CHECK (((iterations >= 1000) AND (iterations <= 10000000)))
  constraint staff_pin_keys_pin_key_check CHECK ((length(pin_key) = 32))
  constraint staff_pin_keys_pkey PRIMARY KEY (id)
  constraint staff_pin_keys_salt_check CHECK ((length(salt) = 16))
  constraint staff_pin_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES staff_users(id)
  constraint staff_pin_keys_verifier_check CHECK ((length(verifier) = 32))
  CREATE UNIQUE INDEX staff_pin_keys_current ON public.staff_pin_keys USING btree (user_id) WHERE (retired_at IS NULL)
  CREATE UNIQUE INDEX staff_pin_keys_pkey ON public.staff_pin_keys USING btree (id)

table staff_sessions
  column id uuid not null
  column user_id uuid not null
  column token_hash bytea not null
  column created_at timestamp with time zone not null default now()
  column expires_at timestamp with time zone not null
  column revoked_at timestamp with time zone
  constraint staff_sessions_pkey PRIMARY KEY (id)
  constraint staff_sessions_token_hash_key UNIQUE (token_hash)
  constraint staff_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES staff_users(id)
  CREATE INDEX staff_sessions_user_id ON public.staff_sessions USING btree (user_id)
  CREATE UNIQUE INDEX staff_sessions_pkey ON public.staff_sessions USING btree (id)
  CREATE UNIQUE INDEX staff_sessions_token_hash_key ON public.staff_sessions USING btree (token_hash)

table staff_users
  column id uuid not null
  column organisation_id uuid not null
  column email text not null
  column name text not null
  column password_hash text not null
  column organisation_role text
  column created_at timestamp with time zone not null default now()
  column disabled_at timestamp with time zone
  constraint staff_users_email_check CHECK (((email = lower(email)) AND ((length(email) >= 3) AND (length(email) <= 254))))
  constraint staff_users_email_key UNIQUE (email)
  constraint staff_users_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120)))
  constraint staff_users_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES organisations(id)
  constraint staff_users_organisation_role_check CHECK ((organisation_role = ANY (ARRAY['owner'::text, 'manager'::text, 'cashier'::text])))
  constraint staff_users_pkey PRIMARY KEY (id)
  CREATE INDEX staff_users_organisation_id ON public.staff_users USING btree (organisation_id)
  CREATE UNIQUE INDEX staff_users_email_key ON public.staff_users USING btree (email)
  CREATE UNIQUE INDEX staff_users_pkey ON public.staff_users USING btree (id)

table tab_discrepancies
  column id bigint not null generated always as identity
  column event_id uuid not null
  column tab_id uuid not null
  column balance_cents bigint not null
  column ledger_cents bigint not null
  column found_at timestamp with time zone not null default now()
  column resolved_at timestamp with time zone
  constraint tab_discrepancies_check CHECK ((balance_cents <> ledger_cents))
  constraint tab_discrepancies_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint tab_discrepancies_pkey PRIMARY KEY (id)
  constraint tab_discrepancies_tab_id_fkey FOREIGN KEY (tab_id) REFERENCES tabs(id)
  CREATE INDEX tab_discrepancies_event ON public.tab_discrepancies USING btree (event_id, id)
  CREATE UNIQUE INDEX tab_discrepancies_open ON public.tab_discrepancies USING btree (tab_id) WHERE (resolved_at IS NULL)
  CREATE UNIQUE INDEX tab_discrepancies_pkey ON public.tab_discrepancies USING btree (id)

table tabs
  column id uuid not null
  column event_id uuid not null
  column attendee_id uuid not null
  column currency character(3) not null
  column balance_cents bigint not null default 0
  column status text not null default 'open'::text
  column opened_at timestamp with time zone not null default now()
  constraint tabs_attendee_id_fkey FOREIGN KEY (attendee_id) REFERENCES attendees(id)
  constraint tabs_event_id_attendee_id_key UNIQUE (event_id, attendee_id)
  constraint tabs_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint tabs_pkey PRIMARY KEY (id)
  constraint tabs_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text])))
  CREATE INDEX tabs_event_id ON public.tabs USING btree (event_id, id)
  CREATE UNIQUE INDEX tabs_event_id_attendee_id_key ON public.tabs USING btree (event_id, attendee_id)
  CREATE UNIQUE INDEX tabs_pkey ON public.tabs USING btree (id)

table wristbands
  column event_id uuid not null
  column uid text not null
  column attendee_id uuid not null
  column status text not null default 'active'::text
  column tab_limit_cents bigint
  column sync_seq bigint not null
  constraint wristbands_attendee_id_fkey FOREIGN KEY (attendee_id) REFERENCES attendees(id)
  constraint wristbands_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)
  constraint wristbands_pkey PRIMARY KEY (event_id, uid)
  constraint wristbands_status_check CHECK ((status = ANY (ARRAY['active'::text, 'blocked'::text])))
  constraint wristbands_tab_limit_cents_check CHECK ((tab_limit_cents >= 0))
  constraint wristbands_uid_check CHECK ((uid ~ '^[A-Z0-9]{4,32}$'::text))
  CREATE INDEX wristbands_attendee_id ON public.wristbands USING btree (attendee_id)
  CREATE INDEX wristbands_event_sync ON public.wristbands USING btree (event_id, sync_seq)
  CREATE UNIQUE INDEX wristbands_pkey ON public.wristbands USING btree (event_id, uid)
  CREATE TRIGGER wristbands_sync_seq BEFORE INSERT OR UPDATE ON public.wristbands FOR EACH ROW EXECUTE FUNCTION assign_sync_seq()

sequence sync_seq

CREATE OR REPLACE FUNCTION public.assign_sync_seq()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  perform pg_advisory_xact_lock(hashtextextended('catalog:' || new.event_id::text, 0));
  new.sync_seq := nextval('sync_seq');
  return new;
end;
$function$
CREATE OR REPLACE FUNCTION public.touch_attendee_wristbands()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  update wristbands set status = status where attendee_id = new.id;
  return new;
end;
$function$
