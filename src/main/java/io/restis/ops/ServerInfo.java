package io.restis.ops;

import io.restis.engine.Engine;
import io.restis.engine.InfoProvider;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The INFO fields only the application knows: Restis's own version (the engine answers
 * {@code redis_version} with the Redis release it reproduces), the port it listens on, the Java
 * runtime, and the clients being served ({@code connected_clients}: requests in flight, of which
 * {@code blocked_clients} wait in a blocking command).
 */
final class ServerInfo implements InfoProvider, ApplicationListener<WebServerInitializedEvent> {

  private final String version;
  private final InFlightRequests requests;
  private final Engine engine;
  private volatile int port;

  ServerInfo(BuildProperties build, InFlightRequests requests, Engine engine) {
    this.version = version(build);
    this.requests = requests;
    this.engine = engine;
  }

  /** The build's version (build-info), else the jar manifest's, else "unknown". */
  static String version(BuildProperties build) {
    if (build != null && build.getVersion() != null) {
      return build.getVersion();
    }
    String v = ServerInfo.class.getPackage().getImplementationVersion();
    return v != null ? v : "unknown";
  }

  String version() {
    return version;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() == null) {
      port = event.getWebServer().getPort(); // the application's server, not a management one
    }
  }

  @Override
  public Set<String> sections() {
    return Set.of("server", "clients");
  }

  @Override
  public void write(String section, Map<String, String> fields) {
    if (section.equals("server")) {
      fields.put("restis_version", version);
      fields.put("tcp_port", Integer.toString(port));
      fields.put("java_version", Runtime.version().toString());
    } else {
      fields.put("connected_clients", Integer.toString(requests.active()));
      fields.put("blocked_clients", Integer.toString(engine.blockedCount()));
    }
  }
}
