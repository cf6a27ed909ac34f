package io.restis.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource read whose answer is computed from several keys (SUNION, SINTER, SDIFF,
 * SINTERCARD): the path key and others. Such an answer has no entity tag (the path key's version
 * does not say whether the others changed), so it carries no ETag and the conditional headers are
 * refused (400) rather than misapplied; a missing key counts as empty, as in Redis, instead of a
 * 404. {@link ResourceApiDocs} documents the operation accordingly.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MultiKeyRead {}
