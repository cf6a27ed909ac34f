package io.restis.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

import io.restis.config.ApiConfiguration;
import io.restis.config.EngineConfiguration;
import io.restis.config.WebConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** With no allowed origins (the default), answers carry no CORS headers, so browsers keep other origins out. */
@WebMvcTest(controllers = KeysController.class)
@Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
class CorsDefaultTest {

  @Autowired
  MockMvc mvc;

  @Test
  void noCorsHeadersByDefault() throws Exception {
    mvc.perform(options("/keys").header("Origin", "https://app.example.com")
            .header("Access-Control-Request-Method", "GET"))
        .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    mvc.perform(get("/keys").header("Origin", "https://app.example.com"))
        .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
  }
}
