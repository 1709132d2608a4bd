-- job_items (issue 22): what became of each item of a job that makes many
-- things (a batch of declarations from a CSV or the API): the declaration
-- made, or the problem that refused it. An item is recorded in the
-- transaction that made it, keyed by its place in the batch, so a job
-- resumed after a crash skips the items it did and makes none twice.
-- problem is the refusal as JSON with its text in each language ('' when
-- the item was made).
CREATE TABLE job_items (
    job_id BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    object_id BIGINT NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT '',
    problem TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job_id, idx)
);
