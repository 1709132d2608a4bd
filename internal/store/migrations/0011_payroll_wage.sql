-- Employment under payroll: the SVB pays the agreed monthly wage in the run
-- of its month without a declaration. The wage of the version in force is
-- kept on the agreement, so that a run finds the agreements that owe one.
ALTER TABLE agreements ADD COLUMN payroll_wage_cents BIGINT NOT NULL DEFAULT 0;
CREATE INDEX agreements_payroll ON agreements (payroll_wage_cents) WHERE payroll_wage_cents > 0;

-- One wage per agreement per month, whatever runs race.
CREATE UNIQUE INDEX declarations_one_wage ON declarations (agreement_id, period_start) WHERE kind = 'maandloon';
