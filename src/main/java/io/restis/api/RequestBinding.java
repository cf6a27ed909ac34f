package io.restis.api;

import org.springframework.beans.propertyeditors.StringArrayPropertyEditor;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Binding rules for request parameters. Spring splits a single query value at commas when it
 * binds it to a {@code String[]} ({@code ?key=a,b} would be the two keys "a" and "b"); keys and
 * values may contain commas, so each repeated parameter is one element, commas and all.
 */
@ControllerAdvice
public class RequestBinding {

  @InitBinder
  void noCommaSplitting(WebDataBinder binder) {
    binder.registerCustomEditor(String[].class, new StringArrayPropertyEditor(null));
  }
}
