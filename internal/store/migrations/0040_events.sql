-- The change feed (GET /api/v1/events): one row per state change a
-- funder's or provider's system follows, written in the transaction of the
-- change beside its audit record (store.Tx.Audit). Who may see an event is
-- in its row: the budget holder, provider and verstrekker it concerns, and
-- whether the SVB does. The id is the feed's order: on PostgreSQL events
-- are inserted under a transaction-level advisory lock, so they commit in
-- id order and a reader never passes an id that commits later.
CREATE TABLE events (
    id {{ID}},
    at {{TS}} NOT NULL,
    type TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT '',
    budget_holder_id BIGINT,
    provider_id BIGINT,
    verstrekker_id BIGINT,
    svb BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX events_object ON events (object_type, object_id);
CREATE INDEX events_holder ON events (budget_holder_id, id);
CREATE INDEX events_provider ON events (provider_id, id);
CREATE INDEX events_verstrekker ON events (verstrekker_id, id);
CREATE INDEX events_svb ON events (svb, id);
