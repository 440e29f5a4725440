package be.imio.platform.repository.internal.rollout;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/be.imio.platform.repository.rollouts.cfg}: how often running rollouts are watched. */
@ObjectClassDefinition(name = "iMio central repository: staged rollouts",
        description = "Running rollouts are checked against the hosts' latest reports this often")
public @interface RolloutConfig {

    String PID = "be.imio.platform.repository.rollouts";

    @AttributeDefinition(name = "Check interval (seconds)",
            description = "How often running rollouts are read against the hosts' reports: halted, widened, completed")
    int checkSeconds() default 30;
}
