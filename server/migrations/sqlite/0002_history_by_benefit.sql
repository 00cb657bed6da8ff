-- A write loads and updates only the history of the benefit it changes (in order).
CREATE INDEX history_by_benefit ON assignment_history(company_id, kind, benefit_id, position);
