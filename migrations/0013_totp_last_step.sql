-- D25-03: a TOTP code is good once (RFC 6238 §5.2). The last time step a user's signature (or the
-- enrolment) used; a code of that step or an earlier one is refused as replayed.
ALTER TABLE `user_mfa` ADD `last_step` integer;
