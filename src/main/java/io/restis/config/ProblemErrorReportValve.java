package io.restis.config;

import io.restis.api.Problem;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report for what it refuses before any servlet sees the request (a path with a
 * malformed percent-escape such as {@code %zz}, or one that is not UTF-8 once decoded): an RFC 9457
 * problem instead of Tomcat's HTML page, so that clients get the same shape of error whatever
 * refused them. It takes the place of the host's {@link ErrorReportValve}
 * ({@link #install(Context)}), and like it only writes when nothing else has answered.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

  /** Replaces the host's standard error report valve once the context is added to it. */
  static void install(Context context) {
    context.addLifecycleListener(event -> {
      if (!Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
        return;
      }
      Container host = context.getParent();
      if (host == null) {
        return;
      }
      Pipeline pipeline = host.getPipeline();
      for (Valve v : pipeline.getValves()) {
        if (v.getClass() == ErrorReportValve.class) {
          pipeline.removeValve(v);
          pipeline.addValve(new ProblemErrorReportValve());
        }
      }
    });
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    // 505 is the client's doing (an HTTP version other than 1.x), not a failure of the server.
    Problem kind = status == 400 || status == 505 ? Problem.INVALID_REQUEST
        : status == 404 ? Problem.NOT_FOUND
        : status >= 500 ? Problem.INTERNAL
        : null;
    String title = kind == null ? "Error" : kind.title();
    String type = kind == null ? "about:blank" : kind.type().toString();
    String detail = status == 400
        ? "the web server refused the request before it reached the store: the path has a malformed "
            + "percent-escape (such as %zz) or decodes to bytes that are not UTF-8, or the request line or a "
            + "header is malformed"
        : status == 505 ? "the web server speaks HTTP/1.1 and HTTP/1.0 only"
        : "the web server refused the request (status " + status + ")";
    String body = "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
        + ",\"detail\":\"" + detail + "\"}";
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response is closed: nothing left to report to
    }
  }
}
