package net.erpex.privacy.consent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a visitor's choice from the body of a consent POST: the banner's form, or JSON. Strict about what matters
 * (exactly one known action, known categories in JSON) and lenient about what does not (extra form fields, such as
 * a CSRF token a framework adds to every form). Servlet-free.
 */
public final class ConsentChoices {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * A parsed body.
     *
     * @param returnTo the form's {@code return} field, unchecked ({@code null} when absent)
     */
    public record Parsed(ConsentManager.Choice choice, String returnTo) {
    }

    private ConsentChoices() {
    }

    /**
     * Parses {@code action=accept-all|reject-all|save}, for {@code save} one field per granted category with value
     * {@code on} or {@code true}, and an optional {@code return}.
     *
     * @throws IllegalArgumentException with a message fit for the visitor's developer tools
     */
    public static Parsed fromForm(String body, ConsentCategories categories) {
        String action = null;
        String returnTo = null;
        Set<String> granted = new LinkedHashSet<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (name) {
                case "action" -> {
                    if (action != null) {
                        throw new IllegalArgumentException("action is given twice");
                    }
                    action = value;
                }
                case "return" -> returnTo = value;
                default -> {
                    if (categories.get(name).isPresent() && (value.equals("on") || value.equals("true"))) {
                        granted.add(name);
                    }
                }
            }
        }
        return new Parsed(new ConsentManager.Choice(action(action), granted), returnTo);
    }

    /**
     * Parses {@code {"action": "accept-all"|"reject-all"|"save", "categories": {"analytics": true, ...}}}.
     *
     * @throws IllegalArgumentException naming an unknown category, a wrong type or malformed JSON
     */
    public static Parsed fromJson(String body, ConsentCategories categories) {
        String action = null;
        Set<String> granted = new LinkedHashSet<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("action")) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new IllegalArgumentException("action must be a string");
                    }
                    action = p.getText();
                } else if (field.equals("categories")) {
                    if (value != JsonToken.START_OBJECT) {
                        throw new IllegalArgumentException("categories must be an object of booleans");
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken flag = p.nextToken();
                        if (categories.get(name).isEmpty()) {
                            throw new IllegalArgumentException("unknown category '" + name + "': expected one of "
                                    + categories.names());
                        }
                        if (flag != JsonToken.VALUE_TRUE && flag != JsonToken.VALUE_FALSE) {
                            throw new IllegalArgumentException("category '" + name + "' must be true or false");
                        }
                        if (flag == JsonToken.VALUE_TRUE) {
                            granted.add(name);
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("expected a single JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON");
        }
        return new Parsed(new ConsentManager.Choice(action(action), granted), null);
    }

    private static ConsentManager.Action action(String text) {
        if (text == null) {
            throw new IllegalArgumentException("action is missing: expected accept-all, reject-all or save");
        }
        return switch (text) {
            case "accept-all" -> ConsentManager.Action.ACCEPT_ALL;
            case "reject-all" -> ConsentManager.Action.REJECT_ALL;
            case "save" -> ConsentManager.Action.SAVE;
            default -> throw new IllegalArgumentException("unknown action: expected accept-all, reject-all or save");
        };
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed form encoding");
        }
    }
}
