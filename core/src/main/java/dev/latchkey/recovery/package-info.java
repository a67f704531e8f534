/**
 * Ways back into an account and proof of an address, by links sent through the
 * {@link dev.latchkey.delivery.MessageSender}: "forgot password" ({@link
 * dev.latchkey.recovery.PasswordResets}), email verification at sign-up and change of email with
 * an undo link ({@link dev.latchkey.recovery.EmailVerification}). Link tokens are stored as hashes
 * in an {@link dev.latchkey.spi.AccountTokenStore}.
 */
package dev.latchkey.recovery;
