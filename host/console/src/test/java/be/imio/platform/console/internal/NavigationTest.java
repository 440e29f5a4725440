package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import be.imio.platform.console.api.ConsoleMenu;
import be.imio.platform.console.api.ConsolePage;

/** The navigation lists the pages registered now, in their order, and nothing else. */
class NavigationTest {

    private static final Navigation.Item HOME = new Navigation.Item("", "Tableau de bord", ConsolePage.MAIN, 10);
    private static final Navigation.Item CATALOGUE = new Navigation.Item("catalogue", "Catalogue", ConsolePage.MAIN, 20);
    private static final Navigation.Item FLEET = new Navigation.Item("fleet", "Parc", "fleet", 5);
    private static final Navigation.Item OPERATION = new Navigation.Item("operations", "Opération", null, 1);

    @Test
    void mainPagesComeFirstInTheirOrderThenOtherCategoriesAndHiddenPagesNever() {
        assertEquals(List.of(HOME, CATALOGUE, FLEET), Navigation.ordered(List.of(FLEET, OPERATION, CATALOGUE, HOME)));
    }

    @Test
    void eachPageIsALinkToItsLabelAndTheCurrentOneIsMarked() {
        String html = Navigation.html(List.of(CATALOGUE, HOME, OPERATION), List.of(), "catalogue");

        assertEquals("<ul><li><a href=\"/console/\">Tableau de bord</a></li>"
                + "<li><a href=\"/console/catalogue\" aria-current=\"page\">Catalogue</a></li></ul>", html);
    }

    @Test
    void menuEntriesFollowThePagesEscaped() {
        String html = Navigation.html(List.of(HOME), List.of(new ConsoleMenu.Entry("/modules/courrier/",
                "Courrier <&>", "courrier")), null);

        assertTrue(html.endsWith("<li class=\"modules\"><a data-module=\"courrier\" href=\"/modules/courrier/\">"
                + "Courrier &lt;&amp;&gt;</a></li></ul>"), html);
        assertFalse(html.contains("aria-current"), html);
    }

    @Test
    void noPageNoLink() {
        assertEquals("<ul></ul>", Navigation.html(List.of(), List.of(), null));
    }
}
