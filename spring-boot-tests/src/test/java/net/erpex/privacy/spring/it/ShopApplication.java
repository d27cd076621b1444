package net.erpex.privacy.spring.it;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.erpex.privacy.PrivacyFilter;
import net.erpex.privacy.VisitorContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application as a web team writes one: the starter is its only mention of the privacy filter. Its
 * pages answer with what the application sees, one {@code name=value} per line.
 */
@SpringBootApplication
public class ShopApplication {

    /**
     * The filter registered by hand, as the README advised before the starter (used with
     * {@code erpex.privacy.enabled=false} and {@code shop.manual-filter=true}).
     */
    @Bean
    @ConditionalOnProperty("shop.manual-filter")
    FilterRegistrationBean<PrivacyFilter> manualPrivacyFilter() {
        FilterRegistrationBean<PrivacyFilter> registration = new FilterRegistrationBean<>(new PrivacyFilter());
        registration.addInitParameter("security.keys", "dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=");
        registration.addInitParameter("visits.dir", System.getProperty("java.io.tmpdir") + "/erpex-boot-manual");
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The application's pages. */
    @RestController
    static class Pages {

        @GetMapping(value = "/visitor", produces = MediaType.TEXT_PLAIN_VALUE)
        String visitor(HttpServletRequest request) {
            VisitorContext v = VisitorContext.of(request);
            return "remoteAddr=" + request.getRemoteAddr() + "\nip=" + v.ip() + "\ncountry=" + v.country()
                    + "\nsecure=" + request.isSecure() + "\nsession=" + v.sessionHash() + "\n";
        }

        /** Creates the container's session, whose cookie the tests inspect. */
        @GetMapping(value = "/session", produces = MediaType.TEXT_PLAIN_VALUE)
        String session(HttpServletRequest request) {
            return "jsessionid=" + request.getSession().getId() + "\n";
        }

        /** Sets an analytics cookie as Spring applications do, through ResponseCookie. */
        @GetMapping(value = "/analytics", produces = MediaType.TEXT_PLAIN_VALUE)
        String analytics(HttpServletResponse response) {
            response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from("_ga", "GA1.1.1.1").path("/")
                    .maxAge(3600).build().toString());
            return "set=_ga\n";
        }

        /** A form the filter protects (erpex.privacy.protect.paths): answers the message as it arrived. */
        @PostMapping(value = "/contact", produces = "text/plain;charset=UTF-8")
        String contact(@RequestParam("message") String message) {
            return message;
        }
    }
}
