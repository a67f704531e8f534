/**
 * Connected accounts: identities at external sign-in providers ("Sign in with Google", "…with
 * GitHub") linked to an account. {@link dev.latchkey.connected.ConnectedAccounts} links, lists and
 * disconnects them, refuses to disconnect an account's last way to sign in, and finds the account
 * an identity opens.
 *
 * <p>Latchkey does not speak OAuth: the host runs the provider's flow, verifies its answer (ID
 * token signature, audience, nonce…) and passes the verified provider code and subject here.
 * Storage goes through {@link dev.latchkey.spi.ConnectedAccountStore}; no token is stored.
 */
package dev.latchkey.connected;
