package dev.latchkey.servlet;

import jakarta.servlet.ServletContextListener;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 (ee10, Servlet 6) on a free loopback port, running one {@link ServletContextListener}. */
@SuppressWarnings("try") // close() stops Jetty, which may be interrupted; tests just fail then
public final class EmbeddedJetty implements AutoCloseable {
  private final Server server;
  private final int port;

  private EmbeddedJetty(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  public static EmbeddedJetty start(ServletContextListener app) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addEventListener(app);
    server.setHandler(context);
    server.start();
    return new EmbeddedJetty(server, connector.getLocalPort());
  }

  /** {@code http://localhost:port/path}: the host name browsers use in development. */
  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** What browsers send as {@code Origin} from this app's own pages. */
  public String origin() {
    return "http://localhost:" + port;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
