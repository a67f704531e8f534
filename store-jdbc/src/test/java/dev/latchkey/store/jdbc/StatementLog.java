package dev.latchkey.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that passes everything to another one and keeps, for every statement a
 * store executes through {@code prepareStatement}, its SQL, its update count and how long it ran:
 * the way tests and the purge-at-scale run see how many batches a purge took and how long each one
 * held its locks.
 */
final class StatementLog {
  /** One executed statement. */
  record Executed(String sql, int updateCount, long nanos) {}

  private final List<Executed> executed = new CopyOnWriteArrayList<>();
  private final DataSource dataSource;

  StatementLog(DataSource target) {
    this.dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          return method.getName().equals("getConnection") ? connection((Connection) result)
              : result;
        });
  }

  /** The logging data source. */
  DataSource dataSource() {
    return dataSource;
  }

  /** The statements executed so far whose SQL starts with {@code prefix} (case-insensitive). */
  List<Executed> startingWith(String prefix) {
    return executed.stream().filter(e -> e.sql().regionMatches(true, 0, prefix, 0,
        prefix.length())).toList();
  }

  void clear() {
    executed.clear();
  }

  private Connection connection(Connection target) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          if (method.getName().equals("prepareStatement") && args != null
              && args.length >= 1 && args[0] instanceof String sql) {
            return statement((PreparedStatement) result, sql.strip());
          }
          return result;
        });
  }

  private PreparedStatement statement(PreparedStatement target, String sql) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("executeUpdate") && (args == null || args.length == 0)) {
        long start = System.nanoTime();
        int count = (Integer) invoke(target, method, args);
        executed.add(new Executed(sql, count, System.nanoTime() - start));
        return count;
      }
      return invoke(target, method, args);
    };
    return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, handler);
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
