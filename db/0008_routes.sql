-- Recruitment routes (pipeline): how each starter came to the authority. Set on the spell a worker
-- starts with, from a staff import's route column or the census StartOrigin. Checks are written
-- `x = a OR x = b` (see 0003).

ALTER TABLE role_spells ADD COLUMN recruitment_route TEXT CHECK (
    recruitment_route IS NULL OR recruitment_route = 'academy' OR recruitment_route = 'step_up'
    OR recruitment_route = 'frontline' OR recruitment_route = 'apprenticeship'
    OR recruitment_route = 'return_to_practice' OR recruitment_route = 'international'
    OR recruitment_route = 'experienced' OR recruitment_route = 'agency_conversion'
    OR recruitment_route = 'other'
);
