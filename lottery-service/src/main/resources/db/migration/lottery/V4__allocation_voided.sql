-- A voided allocation request (VoidAllocation) is remembered as a rejection with reason VOIDED: the tombstone that
-- answers a later AllocateShares of the same key with the same rejection, so the void's answer stays true.
ALTER TABLE allocation_rejection DROP CONSTRAINT allocation_rejection_reason_check;
ALTER TABLE allocation_rejection ADD CONSTRAINT allocation_rejection_reason_check
    CHECK (reason IN ('SOLD_OUT', 'ROUND_CLOSED', 'NOT_ENOUGH_SHARES', 'UNKNOWN_ROUND', 'PRICE_MISMATCH', 'VOIDED'));
