-- AZ-1: what Microsoft gives in the company's currency for USD 100 of Azure credit
-- (JSON money, e.g. {"minor_units":8600,"currency":"EUR"}); NULL: amounts stay in USD.
ALTER TABLE companies ADD COLUMN usd_100_equivalent TEXT;
