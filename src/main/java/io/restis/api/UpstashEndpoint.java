package io.restis.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller that speaks the Upstash wire format, so that its failures are answered as
 * {@code {"error": "..."}} by {@link UpstashExceptionHandler} instead of the problem details the
 * REST resources use. The Upstash SDK cannot read any other error body.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UpstashEndpoint {}
