package dev.latchkey.store.redis;

/** Scripts more than one store runs. */
final class Scripts {
  private Scripts() {}

  /**
   * The rows whose ids a set holds: {@code HGETALL} of {@code ARGV[1] .. id} for each member.
   * Members whose row Redis has already dropped (its TTL ran out) leave the set on the way.
   * KEYS[1] the set; ARGV[1] the key prefix of the rows.
   */
  static final Script ROWS_OF_SET = new Script("rows-of-set", """
      local out = {}
      for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        local row = redis.call('HGETALL', ARGV[1] .. id)
        if #row == 0 then
          redis.call('SREM', KEYS[1], id)
        else
          out[#out + 1] = row
        end
      end
      return out
      """);

  /**
   * Follows a lookup key to its row: {@code GET} the id, then {@code HGETALL} the row, in one round
   * trip. Empty when either is missing. KEYS[1] the lookup key; ARGV[1] the row key prefix.
   */
  static final Script ROW_BY_LOOKUP = new Script("row-by-lookup", """
      local id = redis.call('GET', KEYS[1])
      if not id then return {} end
      return redis.call('HGETALL', ARGV[1] .. id)
      """);
}
