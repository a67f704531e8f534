/**
 * One-time codes sent by SMS or email as a second factor: enrolling a phone number or an email
 * address by confirming a code sent to it, sending a code for a sign-in, and checking it through
 * the sign-in flow's second-factor seam. The messages go out through the host's
 * {@link dev.latchkey.delivery.MessageSender}.
 */
package dev.latchkey.otp;
