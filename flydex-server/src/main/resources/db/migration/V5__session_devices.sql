-- What the account page shows for each session: a coarse device name derived from the
-- User-Agent at sign-in ("Chrome on Android"), never the User-Agent itself. NULL for sessions
-- from before this column, shown as "Unknown device".
ALTER TABLE sessions ADD COLUMN device TEXT;
