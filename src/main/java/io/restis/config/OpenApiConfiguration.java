package io.restis.config;

import io.restis.api.CommandApiDocs;
import io.restis.realtime.RealtimeApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at {@code /v3/api-docs} (and shown by Swagger UI) around what the
 * controllers and {@code ResourceApiDocs} say: a relative server, the command endpoint's
 * description, and a stable reading order. The top-level {@code openapi.yaml} is this document
 * written out; {@code OpenApiContractTest} holds the two equal.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  /**
   * Tags in the order Swagger UI lists them (it follows the document's tags array): the resources
   * from the most general, then the command endpoint. Tags not named here follow, by name.
   */
  static final List<String> TAG_ORDER =
      List.of("keys", "strings", "lists", "sets", "hashes", "zsets", CommandApiDocs.TAG, "pubsub", "tracker");

  /**
   * The base of the document. The server is the relative "/" so that Swagger UI's "Try it out"
   * calls the host that served the page, also behind a proxy (springdoc would otherwise write
   * the URL the first request came in on, http://localhost:8080 or an inner address).
   */
  @Bean
  OpenAPI restisOpenApi() {
    return new OpenAPI().servers(new ArrayList<>(List.of(new Server().url("/")
        .description("The server that serves this document"))));
  }

  /**
   * Describes the command endpoint ({@link CommandApiDocs}), then orders the document as it is
   * read: tags as {@link #TAG_ORDER}, paths grouped by their tag in that order and by path within
   * a tag, each operation's responses by status code. Springdoc itself lists paths in the order it
   * met the handlers, which is not stable between runs. One customizer, so that the ordering sees
   * the command endpoint's paths whatever order springdoc runs its customizers in.
   */
  @Bean
  OpenApiCustomizer commandDocsAndReadingOrder() {
    CommandApiDocs commandDocs = new CommandApiDocs();
    RealtimeApiDocs realtimeDocs = new RealtimeApiDocs();
    return openApi -> {
      commandDocs.customise(openApi);
      realtimeDocs.customise(openApi);
      if (openApi.getTags() != null) {
        List<Tag> tags = new ArrayList<>(openApi.getTags());
        tags.sort(Comparator.comparingInt((Tag t) -> tagRank(t.getName())).thenComparing(Tag::getName));
        openApi.setTags(tags);
      }
      if (openApi.getPaths() != null) {
        List<Map.Entry<String, PathItem>> entries = new ArrayList<>(openApi.getPaths().entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, PathItem> e) -> tagRank(firstTag(e.getValue())))
            .thenComparing(e -> firstTag(e.getValue()))
            .thenComparing(Map.Entry::getKey));
        Paths sorted = new Paths();
        entries.forEach(e -> sorted.addPathItem(e.getKey(), e.getValue()));
        sorted.setExtensions(openApi.getPaths().getExtensions());
        openApi.setPaths(sorted);
        sorted.values().forEach(item -> item.readOperations().forEach(OpenApiConfiguration::sortResponses));
      }
    };
  }

  private static int tagRank(String tag) {
    int i = TAG_ORDER.indexOf(tag);
    return i < 0 ? TAG_ORDER.size() : i;
  }

  private static String firstTag(PathItem item) {
    return item.readOperations().stream()
        .filter(o -> o.getTags() != null && !o.getTags().isEmpty())
        .map(o -> o.getTags().get(0))
        .findFirst().orElse("");
  }

  private static void sortResponses(Operation op) {
    if (op.getResponses() == null) {
      return;
    }
    ApiResponses sorted = new ApiResponses();
    op.getResponses().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sorted.addApiResponse(e.getKey(), e.getValue()));
    sorted.setExtensions(op.getResponses().getExtensions());
    op.setResponses(sorted);
  }
}
