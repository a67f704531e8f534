package dev.latchkey.client;

import java.util.List;

/**
 * Splits one CSV line (RFC 4180 as the geolocation vendors write it) into fields. Not API.
 *
 * <p>A field is either bare (everything up to the next comma, taken as is) or quoted: it starts
 * with {@code "}, may contain commas, and writes a quote as {@code ""}. A quoted field must be
 * followed by a comma or the end of the line. Quoted line breaks are not supported: neither DB-IP
 * nor MaxMind writes them, and a line-at-a-time reader keeps the loader simple and its memory flat.
 *
 * <p>Thread-safe (stateless). Linear in the line length, with no backtracking.
 */
final class CsvLines {
  private CsvLines() {}

  /**
   * Splits {@code line} into {@code out} (cleared first).
   *
   * @return {@code false} when the line is malformed (an unterminated quote, or text after a
   *     closing quote); {@code out} then holds the fields read so far
   */
  static boolean split(String line, List<String> out) {
    out.clear();
    int n = line.length();
    int i = 0;
    while (true) {
      if (i < n && line.charAt(i) == '"') {
        StringBuilder field = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            return false; // unterminated quote
          }
          char c = line.charAt(i++);
          if (c != '"') {
            field.append(c);
          } else if (i < n && line.charAt(i) == '"') {
            field.append('"'); // doubled quote
            i++;
          } else {
            break; // closing quote
          }
        }
        out.add(field.toString());
        if (i == n) {
          return true;
        }
        if (line.charAt(i) != ',') {
          return false;
        }
        i++;
      } else {
        int comma = line.indexOf(',', i);
        if (comma < 0) {
          out.add(line.substring(i));
          return true;
        }
        out.add(line.substring(i, comma));
        i = comma + 1;
      }
    }
  }
}
