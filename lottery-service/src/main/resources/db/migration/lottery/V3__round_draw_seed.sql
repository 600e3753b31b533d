-- Commit-reveal for the draw (lottery-service/README.md, "Draw formula"). Every round gets 32 random bytes (seed) when
-- it opens; seed_commitment = hex(SHA-256(seed)) is public from then on, the seed only once the round is DRAWN.
-- The winner is computed from the seed and the allocations, so the last buyer can no longer choose it.
ALTER TABLE round
    ADD COLUMN seed            bytea,
    ADD COLUMN seed_commitment text;

-- Rounds not yet drawn get a seed now (gen_random_uuid draws from the server's strong random source: 2 x 122 random
-- bits). Rounds already drawn keep none: their draw used formula 1, which needed no seed.
UPDATE round
   SET seed = uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())
 WHERE status <> 'DRAWN';
UPDATE round SET seed_commitment = encode(sha256(seed), 'hex') WHERE seed IS NOT NULL;

ALTER TABLE round
    ADD CONSTRAINT round_seed_size CHECK (seed IS NULL OR octet_length(seed) = 32),
    ADD CONSTRAINT round_seed_commitment CHECK ((seed IS NULL AND seed_commitment IS NULL)
        OR seed_commitment = encode(sha256(seed), 'hex')),
    ADD CONSTRAINT round_seed_unless_drawn CHECK (seed IS NOT NULL OR status = 'DRAWN');

-- Which formula a draw followed: 1 = SHA-256 over the allocations (before commit-reveal), 2 = seeded.
ALTER TABLE draw ADD COLUMN formula smallint NOT NULL DEFAULT 1 CHECK (formula IN (1, 2));
