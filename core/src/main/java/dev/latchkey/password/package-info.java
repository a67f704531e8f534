/**
 * Passwords: choosing them and hashing them.
 *
 * <p>{@link dev.latchkey.password.PasswordPolicy} decides whether a new password is acceptable
 * (length, character classes, a blocklist of common passwords, the user's email and names, the
 * current password) and answers with a {@link dev.latchkey.password.PasswordValidation} of coded
 * {@link dev.latchkey.password.PasswordViolation}s; {@link dev.latchkey.password.PasswordContext}
 * carries what is known about the user, and {@link dev.latchkey.password.PasswordMessages} turns
 * codes into sentences, in English or the host's language.
 *
 * <p>{@link dev.latchkey.password.PasswordHasher} hashes with Argon2id, verifies Argon2 and legacy
 * bcrypt hashes, and says when a stored hash should be upgraded; {@link
 * dev.latchkey.password.PasswordHashingSettings} holds its validated cost parameters and limits.
 *
 * <p>Both work on the NFKC form of a password, so a password the policy accepted is the password
 * the hasher hashes. Attempt limiting is not here: it belongs to the sign-in flow.
 */
package dev.latchkey.password;
