package be.imio.platform.trust;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;

/**
 * Why a file is refused by one of the platform's release rules ({@link ArchiveLayout},
 * {@link ManifestPolicy}, {@link FeaturesPolicy}): the HTTP status the repository answers with, a
 * stable code for programs ({@code ambiguous_archive}, {@code outside_namespace},
 * {@code features_element_not_allowed}...) and the reason for people, in French, English and German
 * ({@link #words()}). The repository and the hosts apply the same rules and report the same codes.
 */
public final class PolicyViolation extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String french;
    private final String english;
    /** Not serialized: the SDK's messages are not; {@link #words()} falls back on the French and English. */
    private final transient Message words;

    /** The violation {@code code}, its reason the text {@code key} of {@code OSGI-INF/l10n/trust*.properties}. */
    PolicyViolation(int status, String code, String key, Object... arguments) {
        this(status, code, TrustTexts.message(key, arguments));
    }

    private PolicyViolation(int status, String code, Message words) {
        this(status, code, words, words.in(Texts.FRENCH), words.in(Texts.ENGLISH));
    }

    private PolicyViolation(int status, String code, Message words, String french, String english) {
        super(words.inFrenchThenEnglish());
        this.status = status;
        this.code = code;
        this.french = french;
        this.english = english;
        this.words = words;
    }

    /** 400 for a file that breaks a rule, 403 for one outside the publisher's namespaces. */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The reason in French: {@link #words()} in {@link Texts#FRENCH}. */
    public String french() {
        return french;
    }

    /** The reason in English: {@link #words()} in {@link Texts#ENGLISH}. */
    public String english() {
        return english;
    }

    /**
     * The reason for people, to put into the reader's language ({@link Message#in}) or to quote in
     * another message, which puts it into its own reader's language: French, English or German.
     *
     * @since 0.2
     */
    public Message words() {
        if (words != null) {
            return words;
        }
        // A deserialized violation: the French and English it was made with.
        return Message.written(language -> Texts.ENGLISH.getLanguage().equals(language.getLanguage()) ? english : french);
    }
}
