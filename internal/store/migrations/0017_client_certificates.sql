-- Client certificates issued to providers (by AGB code) for login without
-- a password; a revoked one is refused.
CREATE TABLE client_certificates (
    serial TEXT PRIMARY KEY,
    agb TEXT NOT NULL,
    not_before {{TS}} NOT NULL,
    not_after {{TS}} NOT NULL,
    issued_at {{TS}} NOT NULL,
    revoked_at {{TS}}
);
CREATE INDEX client_certificates_agb ON client_certificates (agb);
