package be.imio.platform.repository.internal.shell;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.rollout.RequiredDesk;
import be.imio.platform.repository.internal.rollout.RequiredLedger;
import be.imio.platform.repository.internal.rollout.RolloutRefused;

/**
 * {@code imio:release-require [--defer-days N] group:artifact:version DEADLINE "reason"}: iMio
 * requires a release by a date (Brussels time, {@code 2026-12-15T22:00}, or with its offset);
 * {@code --withdraw group:artifact:version "reason"} withdraws the requirement.
 */
@Service
@Command(scope = "imio", name = "release-require", description = "Requires a release on every host by a date, or withdraws it")
public final class ReleaseRequire implements Action {

    @Option(name = "--defer-days", description = "days a commune may defer it by, once (0 to 90; 30)")
    private int deferDays = RequiredDesk.DEFAULT_DEFER_DAYS;

    @Option(name = "--withdraw", description = "withdraw the requirement: release, then reason")
    private boolean withdraw;

    @Argument(index = 0, name = "release", description = "group:artifact:version", required = true)
    private String release;

    @Argument(index = 1, name = "deadline", description = "2026-12-15T22:00 (Brussels time), or the reason with --withdraw",
            required = true)
    private String deadline;

    @Argument(index = 2, name = "reason", description = "why, in a sentence (quoted)")
    private String reason;

    @Reference
    private RequiredDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        String user = ShellUtil.getCurrentUserName();
        try {
            if (withdraw) {
                desk.withdraw(release, deadline, user, "shell");
                System.out.println(words.say("shell.required.withdrawn", release));
                return null;
            }
            Instant by = parse(deadline);
            if (by == null) {
                throw new CommandException(words.say("required.bad-date"));
            }
            RequiredLedger.Row row = desk.require(release, by, reason, deferDays, user, "shell");
            System.out.println(row.required().deferrable()
                    ? words.say("shell.required.set", row.release(), words.dateTime(row.required().by()),
                            words.dateTime(row.required().deferLimit()))
                    : words.say("shell.required.set-no-deferral", row.release(), words.dateTime(row.required().by())));
        } catch (RolloutRefused e) {
            throw new CommandException(words.say(e.key(), e.arguments()));
        }
        return null;
    }

    /** A date and time with its offset, or without one in Brussels time; null for anything else. */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException offsetMissing) {
            try {
                return LocalDateTime.parse(text).atZone(BelgianFormats.BRUSSELS).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
