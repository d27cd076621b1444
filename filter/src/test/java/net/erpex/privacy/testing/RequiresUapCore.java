package net.erpex.privacy.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests only where Debian's {@code uap-core} package is installed
 * ({@link RequiredService.UapCore#DIR}); see {@link RequiredService} for the skip and the failure when CI requires
 * it ({@code uap-core} in {@value RequiredService#ENV}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiredService.UapCore.class)
public @interface RequiresUapCore {
}
