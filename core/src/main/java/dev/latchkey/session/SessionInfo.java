package dev.latchkey.session;

import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import java.time.Instant;

/**
 * One row of the "active sessions" list, safe to render: no token, no hash. The device and
 * location are structured; {@link dev.latchkey.client.ClientLabels} turns them into words
 * ({@code ClientLabels.english().device(info.device())} is "Chrome on macOS").
 *
 * @param id public id, used to revoke it
 * @param device the device the session was created from (browser, major version, OS, type)
 * @param location its approximate location (city, region, country code, and whether the address
 *     was public, private, loopback or unusable)
 * @param ipAddress the address the session was created from
 * @param createdAt when it was created
 * @param lastActiveAt last recorded activity (accurate to the touch interval)
 * @param expiresAt absolute expiry
 * @param assurance how it was authenticated
 * @param current whether this is the session making the request
 */
public record SessionInfo(
    String id,
    Device device,
    Location location,
    String ipAddress,
    Instant createdAt,
    Instant lastActiveAt,
    Instant expiresAt,
    Assurance assurance,
    boolean current) {}
