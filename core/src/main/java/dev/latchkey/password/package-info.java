/**
 * Password hashing: {@link dev.latchkey.password.PasswordHasher} hashes with Argon2id, verifies
 * Argon2 and legacy bcrypt hashes, and says when a stored hash should be upgraded; {@link
 * dev.latchkey.password.PasswordHashingOptions} holds its validated cost parameters and limits.
 *
 * <p>Password policy (minimum length, breached-password checks) and attempt limiting are not here;
 * this package only turns passwords into hashes and back into yes/no answers.
 */
package dev.latchkey.password;
