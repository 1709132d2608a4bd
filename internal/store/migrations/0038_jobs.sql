-- jobs (issue 22): long work (a payment run, a bank's status report, a
-- year's settlements) runs in the background as a job recorded here, so
-- that its progress can be shown and a job whose process died is resumed.
--
-- state: queued, running, done, failed. A runner claims a job by setting
-- claim and claimed_until (its lease) and moves it on while it works; a
-- running job whose lease ran out is claimed again by another runner and
-- resumed (each job's steps can be repeated). exclusive jobs run one of
-- their kind at a time across all instances: jobs_one_running.
CREATE TABLE jobs (
    id {{ID}},
    kind TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    exclusive BOOLEAN NOT NULL DEFAULT FALSE,
    state TEXT NOT NULL,
    done_count BIGINT NOT NULL DEFAULT 0,
    total_count BIGINT NOT NULL DEFAULT 0,
    step_key TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '{}',
    error_key TEXT NOT NULL DEFAULT '',
    error_args TEXT NOT NULL DEFAULT '[]',
    started_by BIGINT NOT NULL,
    started_role TEXT NOT NULL DEFAULT '{}',
    attempts BIGINT NOT NULL DEFAULT 0,
    claim TEXT NOT NULL DEFAULT '',
    claimed_until {{TS}},
    created_at {{TS}} NOT NULL,
    started_at {{TS}},
    finished_at {{TS}}
);
CREATE UNIQUE INDEX jobs_one_running ON jobs (kind) WHERE state = 'running' AND exclusive;
CREATE INDEX jobs_due ON jobs (state, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_started_by ON jobs (started_by, id);
