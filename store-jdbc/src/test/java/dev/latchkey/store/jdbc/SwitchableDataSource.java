package dev.latchkey.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/** A DataSource whose getConnection fails while it is switched off: a database outage, for tests. */
final class SwitchableDataSource {
  final AtomicBoolean down = new AtomicBoolean();
  final DataSource dataSource;

  SwitchableDataSource(DataSource target) {
    this.dataSource = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection") && down.get()) {
            throw new SQLTransientConnectionException("switched off by the test");
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
