package dev.latchkey.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that asks the driver for the warnings of every statement run through it
 * ({@code Statement.getWarnings()} right after each execute; MariaDB's driver answers it with the
 * server's {@code SHOW WARNINGS}) and keeps them with the statement's SQL. Migration tools log
 * these ("DB: Name '…' ignored for PRIMARY key"); a test reads them here.
 */
final class WarningRecorder implements DataSource {
  /** One warning: the statement that raised it, and what the database said. */
  record Warning(String sql, String sqlState, int code, String message) {
    @Override
    public String toString() {
      return code + " " + sqlState + " " + message + " <- " + sql.strip().replaceAll("\\s+", " ");
    }
  }

  private final DataSource target;
  private final List<Warning> seen = new ArrayList<>();

  WarningRecorder(DataSource target) {
    this.target = target;
  }

  /** The warnings so far, in order. */
  synchronized List<Warning> warnings() {
    return List.copyOf(seen);
  }

  synchronized void clear() {
    seen.clear();
  }

  private synchronized void record(String sql, SQLWarning first) {
    for (SQLWarning w = first; w != null; w = w.getNextWarning()) {
      seen.add(new Warning(sql == null ? "(batch)" : sql, w.getSQLState(), w.getErrorCode(),
          w.getMessage()));
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection(target.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return connection(target.getConnection(user, password));
  }

  private Connection connection(Connection c) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          Object result = invoke(c, method, args);
          if (result instanceof Statement st) {
            String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
            return statement(st, sql);
          }
          return result;
        });
  }

  private Statement statement(Statement st, String preparedSql) {
    Class<?> type = st instanceof CallableStatement ? CallableStatement.class
        : st instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    InvocationHandler handler = (proxy, method, args) -> {
      Object result = invoke(st, method, args);
      if (method.getName().startsWith("execute")) {
        String sql = args != null && args.length > 0 && args[0] instanceof String s ? s
            : preparedSql;
        record(sql, st.getWarnings());
        st.clearWarnings();
      }
      return result;
    };
    return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {type}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.latchkey");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || target.isWrapperFor(iface);
  }
}
