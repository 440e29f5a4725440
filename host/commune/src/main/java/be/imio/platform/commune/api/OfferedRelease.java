package be.imio.platform.commune.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One release of a module that the repository offers on this host's channel, with what this host
 * makes of it: {@code compatible} when it needs a host API this host exports, {@code installable}
 * when it is also not revoked. {@code releasedAt} is the repository's ISO-8601 instant, as signed;
 * {@code hostApi} the OSGi version range its bundles import (null when they import none).
 *
 * <p>{@code texts} holds what the release says about itself for people, by field
 * ({@code title}, {@code description}, {@code category}, {@code notes}) then by language
 * ({@code fr}, {@code en}, {@code de}), as the repository read them from the module's bundle;
 * {@code dependencies} the features it depends on.
 */
public record OfferedRelease(ModuleId id, String version, String channel, boolean revoked, String revokedReason,
        String releasedBy, String releasedAt, String hostApi, boolean compatible, boolean installable,
        Map<String, Map<String, String>> texts, List<String> dependencies) {

    public OfferedRelease {
        texts = Map.copyOf(texts);
        dependencies = List.copyOf(dependencies);
    }

    /**
     * The release's {@code field} in {@code language}, else in French; empty when it gave none. A
     * title it did not give is the module's short name.
     */
    public String text(String field, Locale language) {
        Map<String, String> byLanguage = texts.getOrDefault(field, Map.of());
        String text = byLanguage.getOrDefault(language.getLanguage(), "");
        if (text.isEmpty()) {
            text = byLanguage.getOrDefault("fr", "");
        }
        return text.isEmpty() && field.equals("title") ? id.name() : text;
    }
}
