package dev.latchkey.session;

import java.time.Instant;

/**
 * One row of the "active sessions" list, safe to render: no token, no hash.
 *
 * @param id public id, used to revoke it
 * @param device "Chrome on macOS", "curl", …
 * @param location "San Francisco, US", "Private network", "Unknown location", …
 * @param ipAddress the address the session was created from
 * @param createdAt when it was created
 * @param lastActiveAt last recorded activity (accurate to the touch interval)
 * @param expiresAt absolute expiry
 * @param assurance how it was authenticated
 * @param current whether this is the session making the request
 */
public record SessionInfo(
    String id,
    String device,
    String location,
    String ipAddress,
    Instant createdAt,
    Instant lastActiveAt,
    Instant expiresAt,
    Assurance assurance,
    boolean current) {}
