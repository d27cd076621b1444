package net.erpex.privacy.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests only with PostgreSQL at 127.0.0.1:5432; see {@link RequiredService} for the skip and the
 * failure when CI requires it. Tests isolate themselves in a schema of their own ({@link TestDatabase}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiredService.Postgresql.class)
public @interface RequiresPostgresql {
}
