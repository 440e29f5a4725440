package be.imio.platform.console.internal;

import java.util.Comparator;
import java.util.List;

import be.imio.platform.api.Html;
import be.imio.platform.console.api.ConsoleMenu;
import be.imio.platform.console.api.ConsolePage;

/**
 * The console's navigation, built from the pages registered at this moment: the pages of
 * {@link ConsolePage#MAIN} first, then each other category in the order of its first page, each
 * by its pages' order; then the links of {@link ConsoleMenu} services (the modules' own pages).
 */
final class Navigation {

    /** A page as the navigation lists it: its label, its name in the reader's language, its place. */
    record Item(String label, String title, String category, int order) {

        String href() {
            return "/console/" + label;
        }
    }

    private static final Comparator<Item> IN_CATEGORY = Comparator.comparingInt(Item::order)
            .thenComparing(Item::label);

    private Navigation() {
    }

    /** {@code pages} (those with a category) in navigation order. */
    static List<Item> ordered(List<Item> pages) {
        List<Item> listed = pages.stream().filter(p -> p.category() != null).toList();
        Comparator<Item> byCategory = Comparator.comparing((Item p) -> !ConsolePage.MAIN.equals(p.category()))
                .thenComparingInt(p -> listed.stream().filter(q -> q.category().equals(p.category()))
                        .mapToInt(Item::order).min().orElse(0))
                .thenComparing(Item::category);
        return listed.stream().sorted(byCategory.thenComparing(IN_CATEGORY)).toList();
    }

    /**
     * The list's HTML: one link per page, {@code aria-current="page"} on {@code current}'s (a
     * label, or null), the first of each later category and the first menu link marked by a class
     * for the eye.
     */
    static String html(List<Item> pages, List<ConsoleMenu.Entry> menu, String current) {
        return html(pages, menu, current, null);
    }

    /**
     * As {@link #html(List, List, String)}, on a page of the module {@code module} (its name, or
     * null): that module's link is marked {@code aria-current="true"}.
     */
    static String html(List<Item> pages, List<ConsoleMenu.Entry> menu, String current, String module) {
        StringBuilder html = new StringBuilder(1024).append("<ul>");
        String category = null;
        for (Item page : ordered(pages)) {
            boolean group = category != null && !category.equals(page.category());
            category = page.category();
            html.append("<li").append(group ? " class=\"group\"" : "").append("><a href=\"")
                    .append(Html.escape(page.href())).append('"')
                    .append(page.label().equals(current) ? " aria-current=\"page\"" : "").append('>')
                    .append(Html.escape(page.title())).append("</a></li>");
        }
        boolean first = true;
        for (ConsoleMenu.Entry entry : menu) {
            html.append("<li").append(first ? " class=\"modules\"" : "").append("><a data-module=\"")
                    .append(Html.escape(entry.module())).append("\" href=\"").append(Html.escape(entry.href()))
                    .append(entry.module().equals(module) ? "\" aria-current=\"true\">" : "\">").append(Html.escape(entry.text())).append("</a></li>");
            first = false;
        }
        return html.append("</ul>").toString();
    }
}
