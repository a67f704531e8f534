package dev.latchkey.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A {@link DataSource} wrapper that counts what a request costs the database: connection
 * checkouts, JDBC statements prepared or created, and commits (each a transaction, i.e. a BEGIN and
 * a COMMIT on the server besides its statements). No library: two dynamic proxies.
 */
final class CountingDataSource {
  final LongAdder checkouts = new LongAdder();
  final LongAdder statements = new LongAdder();
  final LongAdder commits = new LongAdder();
  final DataSource dataSource;

  CountingDataSource(DataSource target) {
    this.dataSource = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          if (method.getName().equals("getConnection")) {
            checkouts.increment();
            return connection((Connection) result);
          }
          return result;
        });
  }

  private Connection connection(Connection target) {
    InvocationHandler h = (proxy, method, args) -> {
      String name = method.getName();
      if (name.equals("prepareStatement") || name.equals("createStatement")
          || name.equals("prepareCall")) {
        statements.increment();
      } else if (name.equals("commit")) {
        commits.increment();
      }
      return invoke(target, method, args);
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, h);
  }

  void reset() {
    checkouts.reset();
    statements.reset();
    commits.reset();
  }

  /** Per request, for the log: checkouts, JDBC statements, transactions. */
  String perRequest(long requests) {
    double n = Math.max(1, requests);
    return String.format("per request: %.2f connection checkouts, %.2f JDBC statements,"
        + " %.2f explicit transactions (each adds BEGIN + COMMIT on the server)",
        checkouts.sum() / n, statements.sum() / n, commits.sum() / n);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
