-- An ESCALATED order (allocation never answered) is no longer left to an operator alone: the saga voids its allocation
-- request when step_deadline comes (luckydraw.saga.void-after after the escalation), and sends the void again until it
-- is answered. So every non-terminal order has a deadline, and a finished one has none.
-- Orders escalated before this version are due for their void at once.
UPDATE purchase_order SET step_deadline = now(), step_attempts = 0, step_started_at = coalesce(step_started_at, now())
 WHERE status = 'ESCALATED';

ALTER TABLE purchase_order DROP CONSTRAINT purchase_order_deadline;
ALTER TABLE purchase_order ADD CONSTRAINT purchase_order_deadline CHECK (
    (status IN ('PENDING', 'PAID', 'REFUNDING', 'COMPENSATION_FAILED', 'ESCALATED')) = (step_deadline IS NOT NULL));

DROP INDEX purchase_order_due;
CREATE INDEX purchase_order_due ON purchase_order (step_deadline)
    WHERE status IN ('PENDING', 'PAID', 'REFUNDING', 'COMPENSATION_FAILED', 'ESCALATED');
