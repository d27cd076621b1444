package net.erpex.privacy.consent;

/** Escaping for the markup the filter renders. */
final class HtmlEscape {

    private HtmlEscape() {
    }

    /** Text safe in a double-quoted attribute and in element content. */
    static String attribute(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Code safe inside a script element: it cannot close the element or open a comment state. */
    static String scriptText(String code) {
        return code.replace("</", "<\\/").replace("<!--", "<\\!--");
    }
}
