-- 007: is this a training database? The trainer's "before the fix" mode replays the seed's
-- vulnerable SELECT-then-UPDATE, which overwrites other drivers' assignments on purpose.
-- It may run only where this flag says so. A migrated database starts as NOT a training
-- database; the console marks the embedded default (its own private cluster) as one, and
-- any other database must opt in explicitly:
--
--     UPDATE training_settings SET is_training = true, marked_by = 'your name';
--
-- The vulnerable UPDATE itself also reads the flag (in its WHERE clause), so a client that
-- skipped the check still cannot overwrite anything on a production database.

CREATE TABLE training_settings (
    singleton   boolean     PRIMARY KEY DEFAULT true CONSTRAINT training_settings_one_row CHECK (singleton),
    is_training boolean     NOT NULL DEFAULT false,
    marked_by   text        NOT NULL DEFAULT session_user,
    marked_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO training_settings (is_training, marked_by) VALUES (false, 'migration 007');

COMMENT ON TABLE training_settings IS
    'One row: true only on databases used for training (the simulator''s vulnerable mode runs only there)';
