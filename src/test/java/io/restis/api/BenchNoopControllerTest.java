package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.restis.config.ApiConfiguration;
import io.restis.config.EngineConfiguration;
import io.restis.config.WebConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The benchmarks' do-nothing endpoint exists only when {@code restis.bench.noop-endpoint=true}. */
class BenchNoopControllerTest {

  @Nested
  @WebMvcTest(controllers = BenchNoopController.class)
  @Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
  class OffByDefault {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Test
    void noBeanAndNoRoute() throws Exception {
      assertThat(context.getBeanNamesForType(BenchNoopController.class)).isEmpty();
      mvc.perform(get("/bench/noop")).andExpect(status().isNotFound());
    }
  }

  @Nested
  @WebMvcTest(controllers = BenchNoopController.class, properties = "restis.bench.noop-endpoint=true")
  @Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
  class OnWhenSet {

    @Autowired
    MockMvc mvc;

    @Test
    void answersTheConstantBody() throws Exception {
      mvc.perform(get("/bench/noop"))
          .andExpect(status().isOk())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
          .andExpect(content().string("{\"result\":\"OK\"}"));
    }
  }
}
