package be.imio.platform.repository.internal.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.rollout.RolloutDesk;
import be.imio.platform.repository.internal.rollout.RolloutRefused;
import be.imio.platform.repository.internal.rollout.RolloutRow;

/**
 * {@code imio:rollout-start --ring group:pilote@60 --ring 25@120 --ring 100 be.imio.platform:courrier:1.2.0}:
 * starts a staged rollout; each ring is {@code group:G}, {@code hosts:A,B} or a share {@code N} (%),
 * with {@code @MINUTES} of soak.
 */
@Service
@Command(scope = "imio", name = "rollout-start", description = "Starts a staged rollout of a release, ring by ring")
public final class RolloutStart implements Action {

    @Argument(index = 0, name = "release", description = "group:artifact:version", required = true)
    private String release;

    @Option(name = "--ring", multiValued = true, required = true,
            description = "group:G, hosts:A,B or a share N (%), each with @MINUTES of soak, in order")
    private List<String> rings;

    @Option(name = "--max-rollbacks", description = "rollbacks in the rings that halt it (default 1)")
    private int maxRollbacks = 1;

    @Option(name = "--max-unhealthy", description = "share of unhealthy hosts, in %, that halts it (default 10)")
    private int maxUnhealthy = 10;

    @Reference
    private RolloutDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        List<RolloutDesk.RingRequest> requests = new ArrayList<>();
        for (String ring : rings) {
            requests.add(ring(ring, words));
        }
        try {
            RolloutRow row = desk.start(release, requests, maxRollbacks, maxUnhealthy, ShellUtil.getCurrentUserName(),
                    "shell");
            System.out.println(words.say("shell.rollout.started", row.id(), release, row.rings().size()));
        } catch (RolloutRefused e) {
            throw new CommandException(words.say(e.key(), e.arguments()));
        }
        return null;
    }

    static RolloutDesk.RingRequest ring(String spec, ShellWords words) throws CommandException {
        String[] parts = spec.split("@", 2);
        try {
            int soak = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : 0;
            String who = parts[0].strip();
            if (who.startsWith("group:")) {
                return new RolloutDesk.RingRequest(List.of(), who.substring(6), 0, soak);
            }
            if (who.startsWith("hosts:")) {
                return new RolloutDesk.RingRequest(List.of(who.substring(6).split(",")), null, 0, soak);
            }
            return new RolloutDesk.RingRequest(List.of(), null, Integer.parseInt(who.replace("%", "")), soak);
        } catch (NumberFormatException e) {
            throw new CommandException(words.say("shell.rollout.bad-ring", spec));
        }
    }
}
