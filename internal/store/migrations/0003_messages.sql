-- Messages between the parties of an agreement, and notices in each
-- party's inbox when something waits for them.

CREATE TABLE messages (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    author_account_id BIGINT NOT NULL,
    author_party TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {{TS}} NOT NULL
);
CREATE INDEX messages_agreement ON messages (agreement_id, id);

-- A notice is addressed to a party: a budget holder (and so their
-- representatives), a provider, or an organisation's staff.
CREATE TABLE notices (
    id {{ID}},
    target_kind TEXT NOT NULL CHECK (target_kind IN ('budget_holder', 'provider', 'organisation')),
    target_id BIGINT NOT NULL,
    agreement_id BIGINT NOT NULL DEFAULT 0,
    text_key TEXT NOT NULL,
    args_json TEXT NOT NULL DEFAULT '[]',
    created_at {{TS}} NOT NULL
);
CREATE INDEX notices_target ON notices (target_kind, target_id, id);

CREATE TABLE notice_reads (
    notice_id BIGINT NOT NULL REFERENCES notices (id),
    account_id BIGINT NOT NULL,
    read_at {{TS}} NOT NULL,
    PRIMARY KEY (notice_id, account_id)
);
