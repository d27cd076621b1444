package net.erpex.privacy.spring.boot;

import jakarta.servlet.DispatcherType;
import java.util.Locale;
import net.erpex.privacy.ContainerSessionCookie;
import net.erpex.privacy.PrivacyFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Registers {@link PrivacyFilter} in a servlet web application, configured by the {@code erpex.privacy.*} properties
 * ({@code erpex.privacy.enabled=false} turns it off). A bad value fails start-up with a message that names the
 * property.
 *
 * <p>Order: right after Spring's {@code CharacterEncodingFilter} (which is first), so that the filter reads forms in
 * the encoding the application chose, and well before Spring Security's filter chain (order -100) and everything
 * else, which then see the resolved client address, scheme and language.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({PrivacyFilter.class, FilterRegistrationBean.class})
@ConditionalOnProperty(prefix = PrivacyProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
public class PrivacyFilterAutoConfiguration {

    /** After {@code CharacterEncodingFilter} ({@link Ordered#HIGHEST_PRECEDENCE}), before Spring Security (-100). */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilterAutoConfiguration.class);
    private static final String FORWARD_HEADERS = "server.forward-headers-strategy";

    /** The filter, configured from {@code erpex.privacy.*}; a bad value fails start-up here, naming the property. */
    @Bean
    @ConditionalOnMissingBean
    public PrivacyFilter privacyFilter(Environment environment) {
        checkForwardHeaders(environment);
        return new PrivacyFilter(PrivacyProperties.settings(environment));
    }

    /** Maps the filter to every request, in the order described above. */
    @Bean
    @ConditionalOnMissingBean(name = "privacyFilterRegistration")
    public FilterRegistrationBean<PrivacyFilter> privacyFilterRegistration(PrivacyFilter filter) {
        FilterRegistrationBean<PrivacyFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("privacyFilter");
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /**
     * Tells the filter that the container's session cookie is Boot's to configure: {@link SessionCookieDefaults}
     * hardens it through {@code server.servlet.session.cookie.*} unless the application chose otherwise, and on
     * Tomcat Boot applies SameSite outside the servlet API, where the filter would not see the application's choice.
     */
    @Bean
    public ServletContextInitializer privacySessionCookieByBoot() {
        return context -> context.setAttribute(ContainerSessionCookie.CONFIGURED_ELSEWHERE, Boolean.TRUE);
    }

    /**
     * {@code framework} installs Spring's {@code ForwardedHeaderFilter}, which trusts every client: it would replace
     * the address the filter resolved through the trusted proxies with whatever the client wrote in
     * {@code X-Forwarded-For}. Two resolutions of the same headers cannot both hold, so start-up stops and says
     * which to keep.
     */
    static void checkForwardHeaders(Environment environment) {
        String strategy = environment.getProperty(FORWARD_HEADERS, "").trim().toLowerCase(Locale.ROOT);
        if (strategy.equals("framework")) {
            throw new IllegalStateException(FORWARD_HEADERS + "=framework cannot be used with the privacy filter:"
                    + " Spring's ForwardedHeaderFilter believes X-Forwarded-For and Forwarded from any client, and"
                    + " would replace the client address the privacy filter resolved through its trusted proxies."
                    + " Remove " + FORWARD_HEADERS + " (or set it to none) and list your proxies in "
                    + PrivacyProperties.PREFIX + ".client.trusted-proxies: the privacy filter then gives the whole"
                    + " application the client's address and scheme (getRemoteAddr(), isSecure(), getRequestURL())."
                    + " Or turn the privacy filter off with " + PrivacyProperties.ENABLED + "=false.");
        }
        if (strategy.equals("native")) {
            LOG.warn("{}=native: the container resolves X-Forwarded-For before the privacy filter, which then takes"
                    + " the container's answer as the socket peer. That is right only when the container trusts"
                    + " exactly your proxies (on Jetty it trusts every client); the safer setting is none, with the"
                    + " proxies in {}.client.trusted-proxies", FORWARD_HEADERS, PrivacyProperties.PREFIX);
        }
    }
}
