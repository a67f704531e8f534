package dev.latchkey.store.redis;

import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows as Redis hashes: field/value pairs in and out, instants as epoch milliseconds (Lua compares
 * them as numbers: a double holds every millisecond instant exactly).
 */
final class Rows {
  private Rows() {}

  /** A {@code HGETALL}-shaped reply ({@code [field, value, field, value, …]}) as a map. */
  static Map<String, String> hash(Object reply) {
    List<?> flat = (List<?>) reply;
    Map<String, String> row = new HashMap<>(flat.size());
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      row.put((String) flat.get(i), (String) flat.get(i + 1));
    }
    return row;
  }

  /** A reply holding one {@code HGETALL} reply per row. */
  static List<Map<String, String>> hashes(List<Object> reply) {
    List<Map<String, String>> rows = new ArrayList<>(reply.size());
    for (Object r : reply) {
      rows.add(hash(r));
    }
    return rows;
  }

  static String millis(Instant at) {
    return Long.toString(at.toEpochMilli());
  }

  static Instant instant(Map<String, String> row, String field) {
    String v = required(row, field);
    return Instant.ofEpochMilli(Long.parseLong(v));
  }

  static Instant optionalInstant(Map<String, String> row, String field) {
    String v = row.get(field);
    return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v));
  }

  static String required(Map<String, String> row, String field) {
    String v = row.get(field);
    if (v == null) {
      throw new StoreException("Corrupt row in Redis: field " + field + " is missing");
    }
    return v;
  }

  /** Field/value pairs for HSET, leaving out absent (null) values. */
  static final class Fields {
    private final List<String> pairs = new ArrayList<>();

    Fields put(String field, String value) {
      if (value != null) {
        pairs.add(field);
        pairs.add(value);
      }
      return this;
    }

    Fields put(String field, Instant value) {
      return put(field, value == null ? null : millis(value));
    }

    List<String> pairs() {
      return pairs;
    }
  }

  static String[] args(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head.size() + tail.size());
    all.addAll(head);
    all.addAll(tail);
    for (String s : all) {
      Objects.requireNonNull(s, "argument");
    }
    return all.toArray(new String[0]);
  }
}
