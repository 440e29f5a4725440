package be.imio.platform.repository.internal.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PublishersTest {

    @Test
    void aDeliveryOfAnEarlierSaveDoesNotTakeAwayANewPublishersNamespaces() {
        Publishers publishers = new Publishers();
        publishers.configure(Map.of("first", "be.imio.first"));
        // The second publisher is saved and granted; Config Admin then delivers the first save again, late.
        publishers.grant("second", Set.of("be.imio.second"));
        publishers.configure(Map.of("first", "be.imio.first"));
        assertEquals(Set.of("be.imio.second"), publishers.namespacesOf("second"), "kept until its own save arrives");

        publishers.configure(Map.of("first", "be.imio.first", "second", "be.imio.second"));
        assertEquals(Set.of("be.imio.second"), publishers.namespacesOf("second"));
        // Once delivered, the configuration is the authority again: a line taken out by hand is gone.
        publishers.configure(Map.of("first", "be.imio.first", "component.name", "x"));
        assertEquals(Set.of(), publishers.namespacesOf("second"));
        assertEquals(Map.of("first", Set.of("be.imio.first")), publishers.all());
    }

    @Test
    void whatIsNotANamespaceInTheFileIsNotGranted() {
        Publishers publishers = new Publishers();
        publishers.configure(Map.of("aaa", "be.*, be.liege.agenda, Be.Upper, be", "bbb", "be.imio.?x"));
        assertEquals(Set.of("be.liege.agenda"), publishers.namespacesOf("aaa"));
        assertEquals(Set.of(), publishers.namespacesOf("bbb"));
    }
}

