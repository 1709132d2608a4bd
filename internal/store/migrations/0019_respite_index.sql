-- The respite check (at most 156 etmalen a year) sums a budget holder's
-- counted kortdurend_verblijf lines of the year. By (budget_holder_id, day)
-- it read every line of the holder's year from the table; by care type and
-- unit first, with what it sums in the index, it reads only respite lines,
-- from the index alone.
DROP INDEX declaration_lines_holder_day;
CREATE INDEX declaration_lines_holder_care ON declaration_lines (budget_holder_id, care_type, unit, counts, day, units, declaration_id);
