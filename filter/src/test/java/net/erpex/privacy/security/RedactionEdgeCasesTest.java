package net.erpex.privacy.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The edges of {@link Redaction} where a secret could slip through: empty user names, short secrets, cause chains. */
class RedactionEdgeCasesTest {

    @Test
    void masksAndListsAPasswordWhoseUserNameIsEmpty() {
        String url = "jdbc:postgresql://:s3cret@db/visits";
        assertThat(Redaction.url(url)).isEqualTo("jdbc:postgresql://:***@db/visits");
        assertThat(Redaction.urlSecrets(url)).containsExactly("s3cret");
    }

    @Test
    void findsNoSecretInNoUrl() {
        assertThat(Redaction.urlSecrets(null)).isEmpty();
        assertThat(Redaction.url(null)).isEmpty();
    }

    @Test
    void scrubsSecretsFromTheShortestLengthItPromisesOn() {
        assertThat(Redaction.scrub("key abcd and abc", List.of("abcd", "abc")))
                .isEqualTo("key *** and abc");
    }

    @Test
    void leavesTextAloneWhenThereIsNothingToScrub() {
        assertThat(Redaction.scrub("connection refused", List.of())).isEqualTo("connection refused");
        assertThat(Redaction.scrub("", List.of("s3cret"))).isEmpty();
        assertThat(Redaction.scrub(null, List.of("s3cret"))).isNull();
    }

    @Test
    void copiesACauseCycleAsACycleOfScrubbedCopies() {
        IllegalStateException outer = new IllegalStateException("outer s3cret");
        IllegalArgumentException inner = new IllegalArgumentException("inner s3cret", outer);
        outer.initCause(inner);

        RuntimeException copy = Redaction.copy(outer, List.of("s3cret"));

        assertThat(copy).hasMessage("outer ***");
        assertThat(copy.getCause()).hasMessage("inner ***");
        assertThat(copy.getCause().getCause()).isSameAs(copy);
        assertThat(((Redaction.RedactedException) copy.getCause()).originalClass())
                .isEqualTo(IllegalArgumentException.class.getName());
    }

    @Test
    void copiesAtMostSixteenLinksOfAChain() {
        Throwable chain = new RuntimeException("link 0");
        for (int i = 1; i < 20; i++) {
            chain = new RuntimeException("link " + i, chain);
        }
        int links = 0;
        for (Throwable t = Redaction.copy(chain, List.of()); t != null; t = t.getCause()) {
            links++;
        }
        assertThat(links).isEqualTo(16);
    }
}
