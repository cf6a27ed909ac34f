package io.restis.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource controller about one value type ({@code /lists}, {@code /strings}, ...): every
 * operation on a key there answers 409 when the key holds another type, and {@link ResourceApiDocs}
 * documents that response on each of them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TypedResource {}
