-- Care agreements (zorgovereenkomsten) with their versions and signatures,
-- and the tariff table of maximum rates.

CREATE TABLE tariffs (
    id {{ID}},
    year INTEGER NOT NULL,
    law TEXT NOT NULL CHECK (law IN ('wlz', 'wmo', 'jeugdwet', 'zvw')),
    care_type TEXT NOT NULL,
    provider_kind TEXT NOT NULL CHECK (provider_kind IN ('informeel', 'zzp', 'instelling')),
    max_rate_cents BIGINT NOT NULL CHECK (max_rate_cents > 0),
    organisation_id BIGINT NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    updated_by BIGINT NOT NULL DEFAULT 0,
    updated_at {{TS}} NOT NULL,
    UNIQUE (year, law, care_type, provider_kind, organisation_id)
);

CREATE TABLE agreements (
    id {{ID}},
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    grant_id BIGINT NOT NULL REFERENCES grants (id),
    verstrekker_id BIGINT NOT NULL REFERENCES organisations (id),
    in_force_version BIGINT NOT NULL DEFAULT 0,
    ended BOOLEAN NOT NULL DEFAULT FALSE,
    end_proposed_on DATE,
    source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'papier')),
    created_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL
);
CREATE INDEX agreements_budget_holder ON agreements (budget_holder_id);
CREATE INDEX agreements_provider ON agreements (provider_id);
CREATE INDEX agreements_verstrekker ON agreements (verstrekker_id);

CREATE TABLE agreement_versions (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    number INTEGER NOT NULL,
    state TEXT NOT NULL,
    terms_json TEXT NOT NULL,
    terms_hash TEXT NOT NULL,
    effective_from DATE,
    rejection_reason TEXT NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL DEFAULT 1,
    updated_by BIGINT NOT NULL,
    updated_at {{TS}} NOT NULL,
    UNIQUE (agreement_id, number)
);

CREATE TABLE agreement_signatures (
    version_id BIGINT NOT NULL REFERENCES agreement_versions (id),
    party TEXT NOT NULL CHECK (party IN ('budgethouder', 'zorgverlener')),
    account_id BIGINT NOT NULL,
    terms_hash TEXT NOT NULL,
    signed_at {{TS}} NOT NULL,
    PRIMARY KEY (version_id, party)
);

-- Known maximum rates (national: organisation_id 0). Sources in DOMAIN.md.
INSERT INTO tariffs (year, law, care_type, provider_kind, max_rate_cents, organisation_id, source, updated_at) VALUES
    (2021, 'wlz', 'persoonlijke_verzorging', 'zzp', 6660, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'persoonlijke_verzorging', 'instelling', 6660, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'persoonlijke_verzorging', 'informeel', 2114, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'verpleging', 'zzp', 6660, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'verpleging', 'instelling', 6660, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'verpleging', 'informeel', 2114, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'begeleiding', 'zzp', 6660, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'begeleiding', 'instelling', 6660, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'begeleiding', 'informeel', 2114, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'huishoudelijke_hulp', 'zzp', 6660, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'huishoudelijke_hulp', 'instelling', 6660, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'huishoudelijke_hulp', 'informeel', 2114, 0, 'DOMAIN.md Wlz 2021', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'dagbesteding', 'zzp', 6132, 0, 'DOMAIN.md Wlz 2021 per dagdeel', CURRENT_TIMESTAMP),
    (2021, 'wlz', 'dagbesteding', 'instelling', 6132, 0, 'DOMAIN.md Wlz 2021 per dagdeel', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'persoonlijke_verzorging', 'zzp', 7239, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'persoonlijke_verzorging', 'instelling', 7239, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'persoonlijke_verzorging', 'informeel', 2298, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'verpleging', 'zzp', 7239, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'verpleging', 'instelling', 7239, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'verpleging', 'informeel', 2298, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'begeleiding', 'zzp', 7239, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'begeleiding', 'instelling', 7239, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'begeleiding', 'informeel', 2298, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'huishoudelijke_hulp', 'zzp', 7239, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'huishoudelijke_hulp', 'instelling', 7239, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'huishoudelijke_hulp', 'informeel', 2298, 0, 'DOMAIN.md Wlz 2023', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'dagbesteding', 'zzp', 6664, 0, 'DOMAIN.md Wlz 2023 per dagdeel', CURRENT_TIMESTAMP),
    (2023, 'wlz', 'dagbesteding', 'instelling', 6664, 0, 'DOMAIN.md Wlz 2023 per dagdeel', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'persoonlijke_verzorging', 'zzp', 7700, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'persoonlijke_verzorging', 'instelling', 7700, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'persoonlijke_verzorging', 'informeel', 2444, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'verpleging', 'zzp', 7700, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'verpleging', 'instelling', 7700, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'verpleging', 'informeel', 2444, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'begeleiding', 'zzp', 7700, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'begeleiding', 'instelling', 7700, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'begeleiding', 'informeel', 2444, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'huishoudelijke_hulp', 'zzp', 7700, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'huishoudelijke_hulp', 'instelling', 7700, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'huishoudelijke_hulp', 'informeel', 2444, 0, 'DOMAIN.md Wlz 2024', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'dagbesteding', 'zzp', 7088, 0, 'DOMAIN.md Wlz 2024 per dagdeel', CURRENT_TIMESTAMP),
    (2024, 'wlz', 'dagbesteding', 'instelling', 7088, 0, 'DOMAIN.md Wlz 2024 per dagdeel', CURRENT_TIMESTAMP),
    (2015, 'zvw', 'persoonlijke_verzorging', 'zzp', 3856, 0, 'seed Zvw 2015', CURRENT_TIMESTAMP),
    (2015, 'zvw', 'verpleging', 'zzp', 5708, 0, 'seed Zvw 2015', CURRENT_TIMESTAMP),
    (2015, 'zvw', 'persoonlijke_verzorging', 'instelling', 3856, 0, 'seed Zvw 2015', CURRENT_TIMESTAMP),
    (2015, 'zvw', 'verpleging', 'instelling', 5708, 0, 'seed Zvw 2015', CURRENT_TIMESTAMP),
    (2015, 'zvw', 'persoonlijke_verzorging', 'informeel', 2000, 0, 'seed Zvw 2015', CURRENT_TIMESTAMP),
    (2021, 'zvw', 'persoonlijke_verzorging', 'informeel', 2436, 0, 'DOMAIN.md Zvw 2021', CURRENT_TIMESTAMP),
    (2015, 'zvw', 'verpleging', 'informeel', 2000, 0, 'seed Zvw 2015', CURRENT_TIMESTAMP),
    (2021, 'zvw', 'verpleging', 'informeel', 2436, 0, 'DOMAIN.md Zvw 2021', CURRENT_TIMESTAMP);
