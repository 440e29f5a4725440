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
}
