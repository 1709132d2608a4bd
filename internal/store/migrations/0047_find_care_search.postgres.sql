-- The search index of the care profiles that can be found (published, not
-- hidden): a row per gemeente and care type, and one per gemeente with
-- care type '*' (any), rewritten with the profile. It carries what the
-- search filters and ranks by (times, starting rate, last change, laws,
-- languages), so that a search reads one range of it and nothing else
-- until the page's twenty profiles.
CREATE TABLE findcare_profile_areas (
    gemeente TEXT NOT NULL,
    care_type TEXT NOT NULL,
    profile_id BIGINT NOT NULL REFERENCES findcare_profiles (id),
    availability BIGINT NOT NULL,
    rate_min BIGINT NOT NULL,
    updated_at {{TS}} NOT NULL,
    laws TEXT NOT NULL,
    languages TEXT NOT NULL,
    PRIMARY KEY (gemeente, care_type, profile_id) INCLUDE (availability, rate_min, updated_at, laws, languages)
);
-- The key carries the rest (INCLUDE): a search is an index-only scan of one
-- range once (auto)vacuum has marked the pages all-visible.
CREATE INDEX findcare_profile_areas_profile ON findcare_profile_areas (profile_id);
