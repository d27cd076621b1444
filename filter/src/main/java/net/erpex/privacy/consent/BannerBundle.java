package net.erpex.privacy.consent;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** Reads one file of banner texts from a class loader. Part of {@link BannerTexts}. */
final class BannerBundle {

    private BannerBundle() {
    }

    /**
     * Reads a {@code .properties} resource as UTF-8, as {@code PropertyResourceBundle} does since Java 9, and like it
     * falls back to ISO-8859-1 for a file that is not valid UTF-8 (a site's legacy bundle).
     */
    static Optional<Map<String, String>> read(ClassLoader loader, String resource) {
        if (loader == null) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException notUtf8) {
                text = new String(bytes, StandardCharsets.ISO_8859_1);
            }
            Properties properties = new Properties();
            properties.load(new StringReader(text));
            Map<String, String> out = new TreeMap<>();
            for (String key : properties.stringPropertyNames()) {
                out.put(key, properties.getProperty(key).strip());
            }
            return Optional.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the banner texts " + resource, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the banner texts " + resource + " are malformed: " + e.getMessage(),
                    e);
        }
    }
}
