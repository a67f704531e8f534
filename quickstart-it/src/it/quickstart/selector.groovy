// Runs the quickstart only when PostgreSQL answers, as store-jdbc's TestDatabases decides for its
// tests: the URL from LATCHKEY_TEST_POSTGRES_URL (default: local server, user root, database
// test), a 3 s connect timeout; when it does not answer, a loud skip, or a failure when
// LATCHKEY_TEST_REQUIRE_DATABASES names postgresql.
def url = System.getenv('LATCHKEY_TEST_POSTGRES_URL')?.trim() ?: 'jdbc:postgresql://127.0.0.1:5432/test?user=root'
def required = (System.getenv('LATCHKEY_TEST_REQUIRE_DATABASES') ?: '').split(',')
    .collect { it.trim().toLowerCase(Locale.ROOT) }
    .any { it == 'postgresql' || it == 'postgres' }
def masked = url.replaceAll('(?i)(password=)[^&]*', '$1***')

String why = null
try {
  def props = new Properties()
  props.setProperty('connectTimeout', '3')
  props.setProperty('loginTimeout', '3')
  def connection = new org.postgresql.Driver().connect(url, props)
  try {
    if (!connection.isValid(3)) {
      why = "PostgreSQL at ${masked} did not answer a validity check"
    }
  } finally {
    connection.close()
  }
} catch (Exception e) {
  why = "PostgreSQL is not reachable at ${masked}: ${e.message}"
}

if (why == null) {
  return true
}
if (required) {
  throw new IllegalStateException("LATCHKEY_TEST_REQUIRE_DATABASES names postgresql but ${why}"
      + ' (start it, or point LATCHKEY_TEST_POSTGRES_URL at it)')
}
// System.err, not println: the script's own output goes to build.log, which nobody reads on a skip.
System.err.println "[WARNING] README quickstart SKIPPED: ${why}; set LATCHKEY_TEST_REQUIRE_DATABASES=postgresql to make this a failure"
return false
