package io.restis.realtime;

import io.restis.api.CommandApiDocs;
import io.restis.api.CommandController;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayList;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The OpenAPI description of the real-time endpoints, for what annotations cannot say: Upstash's
 * subscribe endpoints are mapped as {@code /redis/subscribe/**} (the channel is the rest of the
 * path, slashes included), which is not an OpenAPI path template, so they are described as
 * {@code /redis/subscribe/{channel}} and {@code /redis/psubscribe/{pattern}}; and the emitter type
 * the streaming handlers return is not a schema anyone receives.
 */
public final class RealtimeApiDocs implements OpenApiCustomizer {

  @Override
  public void customise(OpenAPI openApi) {
    Paths paths = openApi.getPaths();
    if (paths != null) {
      rename(paths, "subscribe", "channel", "The channel: the rest of the path, taken literally (slashes included).");
      rename(paths, "psubscribe", "pattern", "The glob pattern: the rest of the path, taken literally.");
    }
    if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
      openApi.getComponents().getSchemas().remove("ResponseBodyEmitter");
    }
  }

  private static void rename(Paths paths, String verb, String param, String description) {
    String mapped = CommandController.PREFIX + "/" + verb + "/**";
    PathItem item = paths.remove(mapped);
    if (item == null) {
      return;
    }
    item.readOperationsMap().forEach((method, op) -> {
      // Mapped for POST (Upstash) and GET (EventSource): one id each.
      String id = verb + "Upstash" + (method == PathItem.HttpMethod.GET ? "Get" : "");
      op.setOperationId(id);
      op.setParameters(op.getParameters() == null ? new ArrayList<>() : new ArrayList<>(op.getParameters()));
      op.getParameters().add(0, new Parameter().name(param).in("path").required(true).description(description)
          .schema(new StringSchema()).example("news"));
      op.setTags(new ArrayList<>(java.util.List.of(CommandApiDocs.TAG)));
    });
    paths.addPathItem(CommandController.PREFIX + "/" + verb + "/{" + param + "}", item);
  }
}
