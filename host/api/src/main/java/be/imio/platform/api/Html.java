package be.imio.platform.api;

/**
 * Escaping for the pages the platform and modules write: whatever staff or citizens typed is
 * shown as text, never run as markup (a subject such as {@code <script>} is displayed as such).
 */
public final class Html {

    private Html() {
    }

    /** {@code raw} made safe as HTML element text or as a quoted attribute value; null gives "". */
    public static String escape(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (char c : raw.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A language switch: a link to the same page in each offered language other than
     * {@code current} ({@code ?lang=en}), each named in its own language and marked with it
     * ({@code hreflang}, {@code lang}), separated by a space.
     */
    public static String languageLinks(java.util.Locale current) {
        StringBuilder links = new StringBuilder();
        for (java.util.Locale language : Texts.LANGUAGES) {
            if (language.getLanguage().equals(current.getLanguage())) {
                continue;
            }
            String tag = language.getLanguage();
            links.append(links.length() == 0 ? "" : " ").append("<a href=\"?lang=").append(tag).append("\" hreflang=\"")
                    .append(tag).append("\" lang=\"").append(tag).append("\">").append(Texts.nameOf(language)).append("</a>");
        }
        return links.toString();
    }
}
