package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Found by {@code FilterFuzzTest}: a query string the container cannot decode made reading the protected form's fields
 * throw, and form protection let the submission through as a fault of its own. Fields that cannot be read carry no
 * proof: the submission is refused, and nothing counts as an internal error.
 */
class ProtectMalformedFormTest {

    @Test
    void refusesASubmissionWhoseQueryStringCannotBeDecoded() throws Exception {
        String raw;
        TestSite site = TestSite.start("protect.paths", "/forms/*");
        try (site) {
            byte[] body = "message=hi".getBytes(StandardCharsets.ISO_8859_1);
            try (Socket socket = new Socket("127.0.0.1", site.port())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /forms/contact?%ml HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            assertThat(site.filter().counters()).containsEntry("internal-error", 0L)
                    .containsEntry("protect-blocked-no-proof", 1L);
        }
        assertThat(raw).startsWith("HTTP/1.1 403").doesNotContain("field.message=hi");
    }
}
