package be.imio.platform.api.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Html;
import be.imio.platform.api.Message;
import be.imio.platform.api.internal.SdkTexts;
import be.imio.platform.api.json.JsonFields;

/**
 * A form of a module's page, written the same way on every page of the platform: each field with
 * its label, a hint for the format Belgians write dates in, the problem found with it right next
 * to it ({@code aria-invalid}, {@code aria-describedby}), and above the fields a summary of the
 * problems, each a link to its field; the session's anti-forgery token; one submit button. It
 * posts to an address of the module and works without JavaScript. Fields are required unless
 * marked {@link #optional()}. Labels and buttons are keys of the module's texts. Every field is
 * written when the form is ({@link #html}): its id, problems and values may be given before or
 * after the fields.
 *
 * <pre>
 * new Form(call, "/mails").id("register").problems(fields).values(submitted)
 *         .text("subject", "field.subject.label", "", 300)
 *         .date("date", "field.date.label", LocalDate.now())
 *         .html("button.register")
 * </pre>
 *
 * Shown only to an account that may change things: for a viewer {@link #html} is empty (except a
 * {@link #searching()} form, which changes nothing). One per form; not thread-safe.
 *
 * @since 1.1
 */
public final class Form {

    /** A choice of a {@link #select}: the value sent, and the text shown (not HTML). */
    public record Option(String value, String text) {

        public Option {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A field: its control is written when the form is ({@link #html}), with the form's id, problems and values then. */
    private record Field(String name, String label, java.util.function.Supplier<String> control, String hint,
            boolean optional, boolean box) {
    }

    private final Call call;
    private final String action;
    private final Locale language;
    private final List<Field> fields = new ArrayList<>();
    private final StringBuilder hidden = new StringBuilder();
    private String id = "f";
    private Map<String, Message> problems = Map.of();
    private JsonNode values;
    private boolean inline;
    private boolean search;

    /** A form of {@code call}'s page posting to {@code action}, an address within the module ({@code /mails}). */
    public Form(Call call, String action) {
        this.call = Objects.requireNonNull(call, "call");
        this.action = Objects.requireNonNull(action, "action");
        this.language = call.language();
    }

    /** The prefix of the form's element ids ({@code [a-z0-9-]+}), distinct per form of one page; {@code f} by default. */
    public Form id(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a form's id is [a-z][a-z0-9-]*: " + prefix);
        }
        this.id = prefix;
        return this;
    }

    /** The problems found when the form was last sent, shown next to their fields and in the summary. */
    public Form problems(JsonFields checked) {
        this.problems = checked == null ? Map.of() : new LinkedHashMap<>(checked.problems());
        return this;
    }

    /** What was sent, shown again as typed in place of the fields' values (after a refusal). */
    public Form values(JsonNode submitted) {
        this.values = submitted;
        return this;
    }

    /** A compact form (one button and hidden fields, such as "move up"): no summary, on one line. */
    public Form inline() {
        this.inline = true;
        return this;
    }

    /**
     * A search form: sent with GET (its fields in the address, as a search result should be, to
     * bookmark or share), without the anti-forgery token, and shown to every account.
     */
    public Form searching() {
        this.search = true;
        return this;
    }

    /** A line of text of at most {@code max} characters. */
    public Form text(String name, String labelKey, String value, int max) {
        return add(name, labelKey, () -> "<input type=\"text\" id=\"" + elementId(name) + "\" name=\"" + Html.escape(name)
                + "\" maxlength=\"" + max + "\" value=\"" + Html.escape(shown(name, value)) + "\"" + described(name, false)
                + ">", null);
    }

    /** Text on several lines, of at most {@code max} characters. */
    public Form textarea(String name, String labelKey, String value, int max) {
        return add(name, labelKey, () -> "<textarea id=\"" + elementId(name) + "\" name=\"" + Html.escape(name)
                + "\" rows=\"4\" maxlength=\"" + max + "\"" + described(name, false) + ">" + Html.escape(shown(name, value))
                + "</textarea>", null);
    }

    /** A date, written and shown as Belgians write it ({@link BelgianFormats#date}); null for none. */
    public Form date(String name, String labelKey, LocalDate value) {
        return add(name, labelKey, () -> "<input type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" id=\""
                + elementId(name) + "\" name=\"" + Html.escape(name) + "\" size=\"10\" maxlength=\"10\" value=\""
                + Html.escape(shown(name, value == null ? "" : BelgianFormats.date(language, value))) + "\""
                + described(name, true) + ">", SdkTexts.TEXTS.get(language, "hint.date"));
    }

    /** A date and a time ({@link BelgianFormats#dateTime}); null for none. */
    public Form dateTime(String name, String labelKey, LocalDateTime value) {
        return add(name, labelKey, () -> "<input type=\"text\" autocomplete=\"off\" id=\"" + elementId(name)
                + "\" name=\"" + Html.escape(name) + "\" size=\"16\" maxlength=\"16\" value=\""
                + Html.escape(shown(name, value == null ? "" : BelgianFormats.dateTime(language, value))) + "\""
                + described(name, true) + ">", SdkTexts.TEXTS.get(language, "hint.date_time"));
    }

    /** A whole number from {@code min} to {@code max}; null for none. */
    public Form number(String name, String labelKey, Integer value, int min, int max) {
        return add(name, labelKey, () -> "<input type=\"text\" inputmode=\"numeric\" id=\"" + elementId(name)
                + "\" name=\"" + Html.escape(name) + "\" size=\"8\" value=\"" + Html.escape(shown(name, value == null ? ""
                : value.toString())) + "\"" + described(name, false) + ">", null);
    }

    /** One of {@code options}, {@code selected} (a value, or null) chosen. */
    public Form select(String name, String labelKey, List<Option> options, String selected) {
        List<Option> choices = List.copyOf(options);
        return add(name, labelKey, () -> {
            String chosen = shown(name, selected);
            StringBuilder control = new StringBuilder("<select id=\"").append(elementId(name)).append("\" name=\"")
                    .append(Html.escape(name)).append('"').append(described(name, false)).append('>');
            for (Option option : choices) {
                control.append("<option value=\"").append(Html.escape(option.value())).append('"')
                        .append(option.value().equals(chosen) ? " selected" : "").append('>')
                        .append(Html.escape(option.text())).append("</option>");
            }
            return control.append("</select>").toString();
        }, null);
    }

    /** A box to tick; sent as {@code on} when ticked, not sent at all otherwise. */
    public Form checkbox(String name, String labelKey, boolean checked) {
        fields.add(new Field(name, call.text(labelKey), () -> "<input type=\"checkbox\" id=\"" + elementId(name)
                + "\" name=\"" + Html.escape(name) + "\"" + ((values != null ? values.has(name) : checked) ? " checked" : "")
                + described(name, false) + ">", null, true, true));
        return this;
    }

    /** A value sent with the form, not shown. */
    public Form hidden(String name, String value) {
        hidden.append("<input type=\"hidden\" name=\"").append(Html.escape(name)).append("\" value=\"")
                .append(Html.escape(value)).append("\">");
        return this;
    }

    /** The field added last may be left empty: its label says so. */
    public Form optional() {
        Field last = fields.remove(fields.size() - 1);
        fields.add(new Field(last.name(), last.label(), last.control(), last.hint(), true, last.box()));
        return this;
    }

    /**
     * The form as HTML, with its submit button labelled by the module's text {@code buttonKey};
     * empty for an account that may not change things ({@link Call#admin()}), unless it is a
     * {@link #searching()} form.
     */
    public String html(String buttonKey) {
        return html(buttonKey, new Object[0]);
    }

    /**
     * As {@link #html(String)}, the button's text with {@code arguments} (a button that names what
     * it acts on: "Move item 3 up").
     */
    public String html(String buttonKey, Object... arguments) {
        if (!search && !call.admin()) {
            return "";
        }
        StringBuilder html = new StringBuilder(1024).append("<form method=\"").append(search ? "get" : "post")
                .append("\" action=\"").append(Html.escape(call.href(action))).append("\" class=\"")
                .append(inline ? "inline" : search ? "module-form search" : "module-form").append("\" id=\"").append(id)
                .append(search ? "\" role=\"search\" novalidate>" : "\" novalidate>").append(search ? "" : call.formField())
                .append(hidden);
        if (!inline && !problems.isEmpty()) {
            call.problemsShown();
            // Focused when the page opens: a keyboard or screen reader user starts at what to correct.
            html.append("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus id=\"").append(id)
                    .append("-problems\"><h2>")
                    .append(Html.escape(SdkTexts.TEXTS.get(language, "form.problems"))).append("</h2><ul>");
            problems.forEach((name, problem) -> {
                boolean shown = fields.stream().anyMatch(f -> f.name().equals(name));
                html.append("<li>").append(shown ? "<a href=\"#" + elementId(name) + "\">" : "")
                        .append(Html.escape(problem.in(language))).append(shown ? "</a>" : "").append("</li>");
            });
            html.append("</ul></div>");
        }
        for (Field field : fields) {
            boolean box = field.box();
            String control = field.control().get();
            html.append("<div class=\"field").append(box ? " checkbox" : "")
                    .append(problems.containsKey(field.name()) ? " invalid" : "").append("\">");
            String label = "<label for=\"" + elementId(field.name()) + "\">" + Html.escape(field.label())
                    + (field.optional() && !box ? " <span class=\"optional\">"
                    + Html.escape(SdkTexts.TEXTS.get(language, "form.optional")) + "</span>" : "") + "</label>";
            if (box) {
                html.append(control).append(label);
            } else {
                html.append(label);
                if (field.hint() != null) {
                    html.append("<p class=\"hint\" id=\"").append(elementId(field.name())).append("-hint\">")
                            .append(Html.escape(field.hint())).append("</p>");
                }
            }
            Message problem = problems.get(field.name());
            if (problem != null) {
                html.append("<p class=\"field-error\" id=\"").append(elementId(field.name())).append("-error\">")
                        .append(Html.escape(problem.in(language))).append("</p>");
            }
            if (!box) {
                html.append(control);
            }
            html.append("</div>");
        }
        return html.append("<button type=\"submit\">").append(Html.escape(call.text(buttonKey, arguments)))
                .append("</button></form>").toString();
    }

    private Form add(String name, String labelKey, java.util.function.Supplier<String> control, String hint) {
        fields.add(new Field(name, call.text(labelKey), control, hint, false, false));
        return this;
    }

    private String elementId(String name) {
        return id + "-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** What the field shows: what was sent, when the form comes back refused; else {@code value}. */
    private String shown(String name, String value) {
        if (values != null && values.has(name)) {
            return values.path(name).asText("");
        }
        return value == null ? "" : value;
    }

    /**
     * The attributes of a control: tied to its hint ({@code hinted}) and its problem, marked
     * invalid when it has one, and required unless it is optional.
     */
    private String described(String name, boolean hinted) {
        List<String> described = new ArrayList<>();
        if (hinted) {
            described.add(elementId(name) + "-hint");
        }
        boolean bad = problems.containsKey(name);
        if (bad) {
            described.add(elementId(name) + "-error");
        }
        boolean required = fields.stream().noneMatch(f -> f.name().equals(name) && f.optional());
        return (required ? " aria-required=\"true\"" : "") + (bad ? " aria-invalid=\"true\"" : "")
                + (described.isEmpty() ? "" : " aria-describedby=\"" + String.join(" ", described) + "\"");
    }
}
