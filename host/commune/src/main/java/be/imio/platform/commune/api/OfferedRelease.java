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
 *
 * <p>{@code rollout} (since 1.2) says how iMio's staged rollout of the release holds it back from
 * this host: {@code running} (the rollout has not reached this host's ring yet: "en cours de
 * déploiement"), {@code halted} (iMio's repository halted it on failures elsewhere),
 * {@code aborted}; null when no rollout holds it back. A held release is not taken by policies
 * nor as "the newest"; a person may still install it by its version.
 */
public record OfferedRelease(ModuleId id, String version, String channel, boolean revoked, String revokedReason,
        String releasedBy, String releasedAt, String hostApi, boolean compatible, boolean installable,
        Map<String, Map<String, String>> texts, List<String> dependencies, String rollout) {

    public OfferedRelease {
        texts = Map.copyOf(texts);
        dependencies = List.copyOf(dependencies);
    }

    /**
     * A release no staged rollout holds back.
     *
     * @deprecated since 1.2: {@code rollout} says whether a staged rollout holds it back
     */
    @Deprecated
    public OfferedRelease(ModuleId id, String version, String channel, boolean revoked, String revokedReason,
            String releasedBy, String releasedAt, String hostApi, boolean compatible, boolean installable,
            Map<String, Map<String, String>> texts, List<String> dependencies) {
        this(id, version, channel, revoked, revokedReason, releasedBy, releasedAt, hostApi, compatible, installable, texts,
                dependencies, null);
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
