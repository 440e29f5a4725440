package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.util.List;
import java.util.Map;

import be.imio.platform.console.api.ConsoleRequest;

/**
 * The fields of the repository's console forms, written one way: a label, a hint, the error next
 * to the field (named by {@code aria-describedby}, the field {@code aria-invalid}), the value typed
 * kept. {@code errors} maps a field's name to its error, already in the reader's language.
 */
final class ConsoleForm {

    private ConsoleForm() {
    }

    static void text(StringBuilder html, ConsoleRequest request, String name, String labelKey, String hintKey,
            Map<String, String> values, Map<String, String> errors, String attributes) {
        start(html, request, name, labelKey);
        String described = describedBy(html, request, name, hintKey, errors);
        html.append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" value=\"")
                .append(escape(values.getOrDefault(name, ""))).append('"').append(described).append(' ')
                .append(attributes).append(errors.containsKey(name) ? " aria-invalid=\"true\"" : "").append("></div>");
    }

    static void select(StringBuilder html, ConsoleRequest request, String name, String labelKey, List<String[]> options,
            Map<String, String> values, Map<String, String> errors) {
        start(html, request, name, labelKey);
        String described = describedBy(html, request, name, null, errors);
        html.append("<select id=\"").append(name).append("\" name=\"").append(name).append('"').append(described)
                .append(errors.containsKey(name) ? " aria-invalid=\"true\"" : "").append('>');
        for (String[] option : options) {
            html.append("<option value=\"").append(escape(option[0])).append('"')
                    .append(option[0].equals(values.get(name)) ? " selected" : "").append('>').append(escape(option[1]))
                    .append("</option>");
        }
        html.append("</select></div>");
    }

    private static void start(StringBuilder html, ConsoleRequest request, String name, String labelKey) {
        html.append("<div class=\"field\"><label for=\"").append(name).append("\">").append(request.html(labelKey))
                .append("</label>");
    }

    private static String describedBy(StringBuilder html, ConsoleRequest request, String name, String hintKey,
            Map<String, String> errors) {
        StringBuilder ids = new StringBuilder();
        if (hintKey != null) {
            html.append("<p class=\"muted hint\" id=\"").append(name).append("-hint\">").append(request.html(hintKey))
                    .append("</p>");
            ids.append(name).append("-hint");
        }
        if (errors.containsKey(name)) {
            html.append("<p class=\"error\" id=\"").append(name).append("-error\">").append(escape(errors.get(name)))
                    .append("</p>");
            ids.append(ids.isEmpty() ? "" : " ").append(name).append("-error");
        }
        return ids.isEmpty() ? "" : " aria-describedby=\"" + ids + "\"";
    }

    /** A form's first field in error, for the alert above the form; empty when none. */
    static String summary(ConsoleRequest request, Map<String, String> errors) {
        return errors.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + request.html("form.errors", errors.size())
                + "</p>";
    }

    /** The value of a form field, stripped; empty when absent. */
    static String value(ConsoleRequest request, String name) {
        String value = request.request().getParameter(name);
        return value == null ? "" : value.strip();
    }
}
