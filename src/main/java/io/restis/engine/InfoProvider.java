package io.restis.engine;

import java.util.Map;
import java.util.Set;

/**
 * A source of INFO fields. The engine fills the sections it can answer from its own state
 * ({@link EngineInfo}); the layers around it (the web server, persistence, replication) register
 * providers with {@link Info#register} for what only they know, without the engine depending on
 * them.
 *
 * <p>For each section INFO renders, the providers that name it are called in registration order,
 * each with the fields written so far: a provider adds fields, replaces a value (the field keeps
 * its place), or clears the map to answer the whole section itself (replication on a follower
 * replaces the engine's "role:master" default this way).
 *
 * <p>Providers are called without the engine lock held (INFO renders after its command released
 * it), so they may take the engine's lock through its public methods, briefly, and their own.
 */
public interface InfoProvider {

  /** The sections, by their lower-case names ({@code server}, {@code persistence}, ...), this provider writes. */
  Set<String> sections();

  /** Writes the fields of one of {@link #sections()} into {@code fields}, in INFO order. */
  void write(String section, Map<String, String> fields);
}
