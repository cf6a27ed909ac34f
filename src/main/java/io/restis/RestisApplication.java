package io.restis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Restis: an in-memory data store in the spirit of Redis with a REST/JSON face.
 *
 * <p>The {@code engine} package holds the store itself and knows nothing of Spring; everything
 * else is a Spring bean around it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RestisApplication {

  public static void main(String[] args) {
    SpringApplication.run(RestisApplication.class, args);
  }
}
